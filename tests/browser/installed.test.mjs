// The packages as a site owner installs them: `cargo xtask test`
// (xtask/src/installed.rs) runs `cargo xtask package`, installs the npm
// tarball and the crate, publishes a three-day archive with each installed
// `papersift` (PATH holding no Rust or wasm tools) and points
// PAPERSIFT_INSTALLED at the folder. Here, in Chromium, each site finds a
// paper of each day by its title and the result's link leads to the paper
// on its page (and the papers of a JSON Lines day and of a daily-papers
// listing by title and by author, linking to their own addresses); an installed binary publishes --engine's engine, else the
// one it carries (over the site's own); in Node, `import "papersift"`
// gives the publishing API and `publish()` writes the same index as `npx
// papersift publish`.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { serve, launch, openPage, widgetState, searchBox, resultTitles } from "./harness.mjs";

const DIR = process.env.PAPERSIFT_INSTALLED;
const skip = DIR
  ? false
  : "PAPERSIFT_INSTALLED is not set: `cargo xtask test` installs the packages and sets it";

/** The first paper's title of a day's digest (the paragraph after its date line). */
function firstTitle(file) {
  const paragraphs = fs.readFileSync(file, "utf8").split(/\n\s*\n/).map((p) => p.trim());
  const date = paragraphs.findIndex((p) => /^[A-Z][a-z]{2} \d{1,2}$/.test(p));
  return paragraphs[date + 1];
}

/** The first result's title once it is `title` (results of an earlier query may show first), or after 10 s. */
async function firstResult(page, title) {
  const until = Date.now() + 10000;
  let first;
  while (((first = (await resultTitles(page))[0]), first !== title) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return first;
}

describe("the installed packages", { skip }, () => {
  let browser, days;
  before(async () => {
    browser = await launch();
    const digests = path.join(DIR, "digests");
    days = fs
      .readdirSync(digests)
      .filter((day) => day.endsWith(".txt"))
      .sort()
      .map((day) => [day.replace(".txt", ""), firstTitle(path.join(digests, day))]);
  });
  after(async () => {
    await browser?.close();
  });

  for (const [site, who] of [["npm-site", "npx papersift publish"], ["crate-site", "cargo install's papersift publish"]]) {
    test(`the site published by ${who} finds a paper of each day by its title, and its link leads to the paper`, async () => {
      const server = await serve(path.join(DIR, site));
      try {
        const page = await openPage(browser, server.url);
        assert.equal(await widgetState(page), "ready");
        for (const [date, title] of days) {
          await searchBox(page).fill(title);
          assert.equal(await firstResult(page, title), title, date);
          const hit = page.locator("papersift-search [role=option]").first();
          const href = new URL(await hit.getAttribute("href"), page.url()).href;
          const id = new URL(href).hash.slice(1);
          assert.ok(id, `the result links to the paper's anchor: ${href}`);
          // The link answers and shows the paper, with its title.
          const visit = await openPage(browser, href);
          const article = visit.locator(`article[id="${id}"]`);
          assert.equal(await article.count(), 1, `${href} holds the paper`);
          assert.ok((await article.textContent()).includes(title), `${href} shows "${title}"`);
          await visit.context().close();
        }
        // The JSON days (installed.rs writes them): by title and by author,
        // each linking to the paper's own address.
        for (const [query, title, link] of [
          ["quantile sketches sliding windows", "Quantile sketches over sliding windows", "https://arxiv.org/abs/2503.00004"],
          ["Lovelace", "Quantile sketches over sliding windows", "https://arxiv.org/abs/2503.00004"],
          ["Dijkstra", "Reservoir sampling with weights, revisited", "https://huggingface.co/papers/2503.00005"],
        ]) {
          await searchBox(page).fill(query);
          assert.equal(await firstResult(page, title), title, query);
          assert.equal(await page.locator("papersift-search [role=option]").first().getAttribute("href"), link, query);
        }
        assert.deepEqual(page.problems, []);
        await page.context().close();
      } finally {
        await server.close();
      }
    });
  }

  test("an installed papersift publishes --engine's engine if named, else its own, even over the site's", () => {
    const tmp = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR || "/tmp"), "papersift-engine-"));
    const bin = path.join(DIR, "npm-project/node_modules/.bin/papersift");
    const digests = path.join(DIR, "digests");
    const css = (site) => fs.readFileSync(path.join(site, "papersift.css"), "utf8");
    const carried = css(path.join(DIR, "npm-site"));
    try {
      // A site whose engine differs from the binary's (an older papersift's, say).
      const older = path.join(tmp, "older");
      fs.cpSync(path.join(DIR, "npm-site"), older, { recursive: true });
      fs.appendFileSync(path.join(older, "papersift.css"), "\n/* an older engine */\n");
      const named = path.join(tmp, "named");
      let done = spawnSync(bin, ["publish", "--digests", digests, "--out", named, "--engine", older], { encoding: "utf8" });
      assert.equal(done.status, 0, done.stderr);
      assert.equal(css(named), css(older), "--engine's engine is published");
      done = spawnSync(bin, ["publish", "--digests", digests, "--out", older], { encoding: "utf8" });
      assert.equal(done.status, 0, done.stderr);
      assert.equal(css(older), carried, "the binary's engine replaces the site's older one");
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("the two installed binaries publish the same index", () => {
    const read = (site) => fs.readFileSync(path.join(DIR, site, "index.psi"));
    assert.deepEqual(read("npm-site"), read("crate-site"));
  });

  test("in Node, import \"papersift\" gives publish(), which writes what npx papersift publish wrote", () => {
    const out = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR || "/tmp"), "papersift-api-"));
    try {
      const script = `
        const papersift = await import("papersift");
        console.log(JSON.stringify({ keys: Object.keys(papersift).sort(),
          said: await papersift.publish({ digests: process.argv[1], out: process.argv[2] }) }));`;
      const done = spawnSync(process.execPath, ["--input-type=module", "-e", script, path.join(DIR, "digests"), out], {
        cwd: path.join(DIR, "npm-project"),
        encoding: "utf8",
      });
      assert.equal(done.status, 0, done.stderr);
      const { keys, said } = JSON.parse(done.stdout);
      assert.deepEqual(keys, ["binaryPath", "platforms", "publish", "run"]);
      // 3 text days of 8 papers, a JSON Lines day and a listing of one each.
      assert.match(said, /papersift: read 26 papers from 5 digest files\n[^]*papersift: published 26 papers to /);
      assert.deepEqual(fs.readFileSync(path.join(out, "index.psi")), fs.readFileSync(path.join(DIR, "npm-site", "index.psi")));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
