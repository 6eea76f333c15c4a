// Test harness: a real static server on 127.0.0.1 and Debian's Chromium
// driven by playwright-core. No mocks: the pages load the built wasm.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

export const SITES = process.env.PAPERSIFT_SITES || path.resolve("../../target/test-sites");
export const SHOTS = path.resolve("screenshots");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".psi": "application/octet-stream",
};

/** The paper most queries in the suites look for, from the default digest. */
export const GPIPE = "GPipe: Efficient Training of Giant Neural Networks using Pipeline Parallelism";
export const GPIPE_ID = "gpipe-efficient-training-of-giant-neural-networks-using-pipeline-parallelism";

/** The Content-Security-Policy the default build must work under. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** Serves `dir` on 127.0.0.1 with optional extra headers. */
export async function serve(dir, headers = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream", ...headers });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A page that records console errors, page errors and CSP violations. */
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") page.problems.push("console: " + m.text());
  });
  page.on("pageerror", (e) => page.problems.push("pageerror: " + e.message));
  await page.goto(url);
  return page;
}

/** Waits until the widget has loaded its engine (or failed to). */
export async function widgetState(page, selector = "papersift-search") {
  await page.waitForFunction(
    (sel) => {
      const w = document.querySelector(sel);
      return w && w.getAttribute("data-state") !== "loading";
    },
    selector,
    { timeout: 15000 }
  );
  return page.$eval(selector, (w) => w.getAttribute("data-state"));
}

/** The widget's search box (inside its shadow root). */
export function searchBox(page, selector = "papersift-search") {
  return page.locator(`${selector} input[role=combobox]`);
}

/**
 * Types `text` into the box and waits for its final results: the parts a
 * query needs arrive after typing (the default site is cut into files), so
 * what shows at once may be an earlier query's.
 */
export async function typeSettled(page, text, selector = "papersift-search") {
  const settled = page.evaluate(
    (sel) => new Promise((r) => document.querySelector(sel).addEventListener("papersift-results", r, { once: true })),
    selector
  );
  await searchBox(page, selector).fill(text);
  await settled;
}

/** Titles of the shown results, in order. */
export async function resultTitles(page, selector = "papersift-search") {
  return page.locator(`${selector} [role=option] .title`).allTextContents();
}

/**
 * The status line the visitor sees, updated at once. (Screen readers hear
 * its own live region, `[role=status]`, once typing settles.)
 */
export async function statusText(page, selector = "papersift-search") {
  return page.locator(`${selector} .status`).textContent();
}

export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + ".png") });
}

/** A copy of a built site in a fresh temporary folder, to add test files to. */
export function copySite(name) {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR || "/tmp"), "papersift-"));
  fs.cpSync(path.join(SITES, name), dir, { recursive: true });
  return dir;
}
