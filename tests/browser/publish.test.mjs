// The daily publish, as a site owner runs it: `papersift publish` three
// days in a row into a served site that holds the owner's own pages, behind
// a server that caches as static hosts do (Cache-Control: max-age=600,
// Last-Modified and 304). After each publish an open page, a returning
// visitor (warm cache) and a new visitor find the new day's paper, its link
// answers 200 and shows it, the front page lists the day, and the owner's
// files are untouched; a publish of a broken digest changes nothing.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { SITES, launch, openPage, widgetState, searchBox, resultTitles } from "./harness.mjs";

const BIN = process.env.PAPERSIFT_BIN || path.resolve("../../target/debug/papersift");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".svg": "image/svg+xml" };

/** A static server that caches like a host: max-age=600, Last-Modified, 304 on If-Modified-Since. */
async function cachingServer(dir) {
  const log = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) {
      log.push([url.pathname, 404]);
      return res.writeHead(404).end("not found");
    }
    const modified = new Date(Math.floor(fs.statSync(file).mtimeMs / 1000) * 1000);
    const since = req.headers["if-modified-since"];
    const headers = { "cache-control": "max-age=600", "last-modified": modified.toUTCString() };
    if (since && new Date(since) >= modified) {
      log.push([url.pathname, 304]);
      return res.writeHead(304, headers).end();
    }
    log.push([url.pathname, 200]);
    res.writeHead(200, { ...headers, "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, log, close: () => new Promise((r) => server.close(r)) };
}

/** Every file under `dir`, relative path → bytes. */
function snapshot(dir) {
  const out = new Map();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath ?? entry.path, entry.name);
      out.set(path.relative(dir, full), fs.readFileSync(full));
    }
  }
  return out;
}

/** The title of a one-paper digest (the line after its date line). */
function titleOf(file) {
  const paragraphs = fs.readFileSync(file, "utf8").split(/\n\s*\n/).map((p) => p.trim());
  const date = paragraphs.findIndex((p) => /^[A-Z][a-z]{2} \d{1,2}$/.test(p));
  return paragraphs[date + 1];
}

function publish(digests, site) {
  return spawnSync(BIN, ["publish", "--digests", digests, "--out", site], { encoding: "utf8" });
}

let browser, server, root, digests, site, days;

before(async () => {
  browser = await launch();
  root = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR || "/tmp"), "papersift-publish-"));
  digests = path.join(root, "digests");
  site = path.join(root, "site");
  // Forty days of one paper (a page a day); the first 37 published at first.
  days = fs.readdirSync(path.join(SITES, "days-digests")).sort();
  fs.mkdirSync(digests);
  for (const day of days.slice(0, 37)) fs.copyFileSync(path.join(SITES, "days-digests", day), path.join(digests, day));
  fs.mkdirSync(path.join(site, "blog"), { recursive: true });
  fs.writeFileSync(path.join(site, "about.html"), "<!doctype html><title>About</title><p>The owner's page.");
  fs.writeFileSync(path.join(site, "blog", "post.html"), "<!doctype html><title>Post</title><p>The owner's post.");
  // The first build takes its engine from a built site; publishes after it, the site's own.
  execFileSync(BIN, ["publish", "--digests", digests, "--out", site, "--engine", path.join(SITES, "default")], { stdio: "pipe" });
  server = await cachingServer(site);
});

after(async () => {
  await browser.close();
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Types `title` and waits until its paper leads the results. */
async function finds(page, title, who) {
  await searchBox(page).fill(title);
  await page.locator("papersift-search [role=option] .title", { hasText: title }).first().waitFor({ timeout: 10000 });
  assert.equal((await resultTitles(page))[0], title, who);
  return page.locator("papersift-search [role=option]").first().getAttribute("href");
}

describe("publishing every day", () => {
  test("after each of three publishes, every visitor finds the new paper on its page; the owner's files stay", async () => {
    const owners = ["about.html", "blog/post.html"].map((f) => [f, fs.readFileSync(path.join(site, f))]);
    const returning = await browser.newContext();
    const warm = await returning.newPage();
    await warm.goto(server.url);
    assert.equal(await widgetState(warm), "ready");
    await finds(warm, titleOf(path.join(digests, days[36])), "before any publish");
    const open = await openPage(browser, server.url);
    assert.equal(await widgetState(open), "ready");

    for (const day of days.slice(37, 40)) {
      fs.copyFileSync(path.join(SITES, "days-digests", day), path.join(digests, day));
      const done = publish(digests, site);
      assert.equal(done.status, 0, done.stderr);
      const title = titleOf(path.join(digests, day));
      const date = day.replace(".txt", "");

      // A page opened before the publish, searched again.
      await searchBox(open).fill("");
      await open.locator("body").click();
      const href = await finds(open, title, `the open page, ${date}`);
      // A returning visitor: the page and the engine from the browser's cache.
      server.log.length = 0;
      await warm.goto(server.url);
      assert.equal(await widgetState(warm), "ready");
      await finds(warm, title, `a returning visitor, ${date}`);
      assert.ok(!server.log.some(([p]) => /\.wasm$/.test(p)), "the returning visitor's engine came from its cache");
      // A new visitor: the paper is on the front page (the newest days),
      // so its result leads to its anchor there.
      const fresh = await openPage(browser, server.url);
      assert.equal(await finds(fresh, title, `a new visitor, ${date}`), new URL(href).hash);
      await fresh.context().close();

      // The link answers 200 and shows the paper; the front page lists the day.
      assert.equal(new URL(href).pathname, `/days/${date}.html`);
      const response = await fetch(href);
      assert.equal(response.status, 200);
      assert.ok((await response.text()).includes(`<article id="${new URL(href).hash.slice(1)}">`));
      const front = await (await fetch(server.url)).text();
      assert.ok(front.includes(`href="days/${date}.html"`), `the front page lists ${date}`);
      assert.ok(front.includes(`${days.indexOf(day) + 1} papers from ${days.indexOf(day) + 1} days`));
      for (const [file, bytes] of owners) assert.deepEqual(fs.readFileSync(path.join(site, file)), bytes, file);
      const result = await warm.goto(new URL("about.html", server.url).href);
      assert.ok(result.ok(), "the owner's page is served");
    }
    assert.deepEqual(open.problems, []);
    await open.context().close();
    await returning.close();
  });

  test("the site opened from disk finds the newest paper", async () => {
    const page = await openPage(browser, "file://" + path.join(site, "index.html"));
    assert.equal(await widgetState(page), "ready");
    const newest = fs.readdirSync(digests).sort().pop();
    await finds(page, titleOf(path.join(digests, newest)), "from disk");
    // An older day's paper is on its day's page.
    const href = await finds(page, titleOf(path.join(digests, days[0])), "from disk");
    assert.ok(href.startsWith("file://") && href.includes("/days/"), href);
    await page.context().close();
  });

  test("a folder mixing a text digest, JSON Lines and a daily-papers listing: each paper found by title and by author, linking to its own address", async () => {
    const mixed = path.join(root, "mixed");
    const out = path.join(root, "mixed-site");
    fs.mkdirSync(mixed);
    fs.copyFileSync(path.join(SITES, "days-digests", days[0]), path.join(mixed, days[0]));
    const lines = [
      { title: "Quantile <sketches> & streams", abstract: "We bound the error of quantile sketches over streams.", url: "https://arxiv.org/abs/2501.00001", authors: ["Ada Lovelace", "Alan Turing"] },
      { title: "Streaming lower bounds", abstract: "We prove lower bounds for streaming algorithms.", authors: ["Grace Hopper"] },
    ];
    fs.writeFileSync(path.join(mixed, "2025-01-15.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    const listing = [{ paper: { id: "2501.09999", title: "Reservoir sampling, revisited", summary: "We revisit reservoir sampling with weights.", authors: [{ name: "Edsger Dijkstra" }] } }];
    fs.writeFileSync(path.join(mixed, "2025-01-16.json"), JSON.stringify(listing));
    execFileSync(BIN, ["publish", "--digests", mixed, "--out", out, "--engine", path.join(SITES, "default")], { stdio: "pipe" });
    const served = await cachingServer(out);
    try {
      const page = await openPage(browser, served.url);
      assert.equal(await widgetState(page), "ready");
      for (const [query, title, link] of [
        ["quantile sketches", "Quantile <sketches> & streams", "https://arxiv.org/abs/2501.00001"],
        ["Lovelace", "Quantile <sketches> & streams", "https://arxiv.org/abs/2501.00001"],
        ["Hopper", "Streaming lower bounds", null],
        ["Dijkstra", "Reservoir sampling, revisited", "https://huggingface.co/papers/2501.09999"],
        ["reservoir sampling", "Reservoir sampling, revisited", "https://huggingface.co/papers/2501.09999"],
      ]) {
        await searchBox(page).fill(query);
        await page.locator("papersift-search [role=option] .title", { hasText: title }).first().waitFor();
        const first = page.locator("papersift-search [role=option]").first();
        assert.equal(await first.locator(".title").textContent(), title, query);
        if (link) assert.equal(await first.getAttribute("href"), link, query);
      }
      assert.equal(await page.locator("papersift-search [role=option] .authors").first().textContent(), "Edsger Dijkstra");
      assert.equal(await page.locator("sketches").count(), 0, "a title's markup stays text on the page");
      assert.deepEqual(page.problems, []);
      await page.context().close();
    } finally {
      await served.close();
    }
  });

  test("a publish of a broken digest fails with the file and line, and changes nothing", () => {
    const before = snapshot(site);
    const broken = path.join(digests, "2025-01-10.txt");
    fs.writeFileSync(broken, "Daily Papers\n\nJan 10\n\nA title with no abstract\n");
    const failed = publish(digests, site);
    fs.rmSync(broken);
    assert.notEqual(failed.status, 0);
    assert.match(failed.stderr, /2025-01-10\.txt:5: /);
    assert.deepEqual(snapshot(site), before);
  });
});
