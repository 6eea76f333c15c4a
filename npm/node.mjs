// papersift in Node: what `import "papersift"` gives a static-site
// generator's build (the "node" export condition), where the browser
// widget (papersift.mjs) cannot run. It spawns this package's native
// binary, which carries the engine, so a build needs Node only:
//
//   import { publish } from "papersift";
//   await publish({ digests: "days", out: "_site/papers" });
//
// Importing this module does nothing else: no binary is looked for until a
// function is called.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const NATIVE = new URL("./native/", import.meta.url);
const EXE = process.platform === "win32" ? "papersift.exe" : "papersift";

/** The platforms this package carries a binary for, as `<platform>-<arch>`. */
export function platforms() {
  try {
    const names = ["papersift", "papersift.exe"];
    return fs.readdirSync(NATIVE).filter((dir) => names.some((name) => fs.existsSync(new URL(`${dir}/${name}`, NATIVE))));
  } catch {
    return [];
  }
}

/**
 * The path of the `papersift` binary for this machine; throws, naming the
 * platforms the package carries and what to do instead, when it has none.
 */
export function binaryPath() {
  const here = `${process.platform}-${process.arch}`;
  const file = fileURLToPath(new URL(`${here}/${EXE}`, NATIVE));
  if (!fs.existsSync(file)) {
    const carried = platforms().join(", ") || "none";
    throw new Error(
      `papersift: this package has no binary for ${here} (it carries: ${carried}). ` +
        "Install the crate instead, which builds on any platform Rust supports: cargo install papersift"
    );
  }
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    fs.chmodSync(file, 0o755);
  }
  return file;
}

/**
 * Runs `papersift ARGS…` and resolves to its standard error (what it did)
 * when it succeeds; rejects with an Error whose message is its standard
 * error when it fails.
 */
export function run(args, { cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binaryPath(), args, { cwd, stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve(stderr);
      else reject(new Error(stderr.trim() || `papersift ${args[0]} failed (${signal || `exit ${code}`})`));
    });
  });
}

/**
 * `papersift publish`: brings the site in `out` up to date with the
 * digests (its index, pages and engine). `digests` is a folder of daily
 * digests (or a list of folders), `digest` a file (or a list); `split`
 * ("auto", "always", "never"), `meaning` (false: rank by words alone),
 * `year` and `engine` (a site to take the engine from) as the CLI's flags.
 * Resolves to the line papersift printed.
 */
export async function publish({ digests = [], digest = [], out, split, meaning, year, engine, cwd } = {}) {
  if (!out) throw new Error("papersift publish: name the site's folder with `out`");
  const args = ["publish", "--out", String(out)];
  for (const dir of [digests].flat()) args.push("--digests", String(dir));
  for (const file of [digest].flat()) args.push("--digest", String(file));
  if (split) args.push("--split", split);
  if (meaning === false) args.push("--no-meaning");
  if (year) args.push("--year", String(year));
  if (engine) args.push("--engine", String(engine));
  return (await run(args, { cwd })).trim();
}
