// papersift against its peers: same corpora, same queries, same run.
//
// Run through `cargo xtask bench`, which builds papersift's sites and native
// numbers first, and writes the documents papersift parsed from each corpus
// to RESULTS/CORPUS/documents.json. For each corpus (`--corpus NAME`, a
// folder of RESULTS) this builds, and times, every peer's index in Node from
// those same documents, writes one page per engine (each preloads its index
// or module, as its docs suggest for speed), serves it all on 127.0.0.1 with
// gzip, as static hosts do, while logging every file served, and measures in
// headless Chromium:
//   - bytes fetched before the first result (gzip and brotli of each file),
//   - time from navigation to the first result (median of LOADS loads),
//   - per-query latency as the visitor types (p50/p95), after a warm-up,
//   - JS heap (and wasm memory) after loading,
//   - on a corpus the judged queries (`--judged FILE`, tests/relevance/*.tsv)
//     were written for, nDCG@10 by kind of query, for every engine and for
//     papersift by its words alone (meaning off).
// Peers are configured as their docs recommend, title boosted (x3) where
// the library allows it.
import fs from "node:fs";
import path from "node:path";
import http from "node:http";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name) => {
  const out = [];
  args.forEach((a, i) => a === name && out.push(args[i + 1]));
  return out;
};
const RESULTS = path.resolve(opt("--results")[0] || "results");
const QUERIES = fs
  .readFileSync(opt("--queries")[0] || "queries.txt", "utf8")
  .split("\n")
  .filter((l) => l.trim() && !l.startsWith("#"));
const CORPORA = opt("--corpus");
const ENGINES = (opt("--engines")[0] || "papersift,pagefind,minisearch,elasticlunr,lunr,flexsearch").split(",");
const JUDGED = opt("--judged");

/** Every query as typed: each prefix of two characters or more. */
const TYPED = QUERIES.flatMap((q) => Array.from({ length: q.length - 1 }, (_, i) => q.slice(0, i + 2)));

// ---- the documents papersift parsed (bench/native.rs writes them) ----
// Each peer refers to a paper by its position, as a short ref; papersift's
// own ids (title slugs) stay in the file. Only the indexed fields go to the
// peers: elasticlunr, for one, stores whole documents in its index.
function readDocuments(dir) {
  const docs = JSON.parse(fs.readFileSync(path.join(dir, "documents.json"), "utf8"));
  return docs.map((d, i) => ({ id: String(i), title: d.title, body: d.body }));
}

// ---- peers: build in Node, write a page that loads lib + index ----
const LIBS = {
  lunr: "node_modules/lunr/lunr.min.js",
  elasticlunr: "node_modules/elasticlunr/elasticlunr.min.js",
  minisearch: "node_modules/minisearch/dist/umd/index.js",
  flexsearch: "node_modules/flexsearch/dist/flexsearch.bundle.min.js",
};
const MINISEARCH_OPTIONS = {
  fields: ["title", "body"],
  storeFields: ["title"],
  searchOptions: { boost: { title: 3 }, prefix: true, fuzzy: 0.2 },
};

async function buildPeer(engine, docs, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  let data;
  if (engine === "lunr") {
    const lunr = require("lunr");
    const idx = lunr(function () {
      this.ref("id");
      this.field("title", { boost: 3 });
      this.field("body");
      docs.forEach((d) => this.add(d));
    });
    data = JSON.stringify({ index: idx, titles: docs.map((d) => d.title) });
  } else if (engine === "elasticlunr") {
    const elasticlunr = require("elasticlunr");
    const idx = elasticlunr(function () {
      this.addField("title");
      this.addField("body");
      this.setRef("id");
    });
    docs.forEach((d) => idx.addDoc(d));
    data = JSON.stringify(idx.toJSON());
  } else if (engine === "minisearch") {
    const MiniSearch = require("minisearch");
    const ms = new MiniSearch(MINISEARCH_OPTIONS);
    ms.addAll(docs);
    data = JSON.stringify(ms);
  } else if (engine === "flexsearch") {
    const FlexSearch = require("flexsearch");
    const idx = new FlexSearch.Document({
      tokenize: "forward",
      document: { id: "id", index: ["title", "body"], store: ["title"] },
    });
    docs.forEach((d) => idx.add(d));
    const parts = {};
    await idx.export((key, value) => {
      parts[key] = value;
    });
    data = JSON.stringify(parts);
  } else if (engine === "pagefind") {
    const pagefind = await import("pagefind");
    const { index } = await pagefind.createIndex({ forceLanguage: "en" });
    for (const d of docs) {
      await index.addHTMLFile({
        url: `/p/${d.id}/`,
        content: `<html lang="en"><body><h1 data-pagefind-weight="3">${escape(d.title)}</h1><p>${escape(d.body)}</p></body></html>`,
      });
    }
    await index.writeFiles({ outputPath: path.join(dir, "pagefind") });
    await pagefind.close();
  }
  const buildMs = performance.now() - t0;
  if (data !== undefined) {
    fs.writeFileSync(path.join(dir, "index.json"), data);
    fs.copyFileSync(LIBS[engine], path.join(dir, "lib.js"));
  }
  fs.writeFileSync(path.join(dir, "bench.js"), PAGE_JS[engine]);
  fs.writeFileSync(
    path.join(dir, "index.html"),
    page("bench.js", engine === "pagefind" ? '<link rel="modulepreload" href="pagefind/pagefind.js">' : '<link rel="preload" href="index.json" as="fetch" crossorigin><script src="lib.js"></script>')
  );
  return buildMs;
}

const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (script, extra) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">${extra}<script src="${script}"></script></head><body></body></html>`;

// Each page defines `window.bench = {ready: Promise, search(q) -> Promise<titles>}`.
const FIRST = JSON.stringify(QUERIES[0]);
const PAGE_JS = {
  lunr: `window.bench = { ready: fetch("index.json").then(r => r.json()).then(d => {
    const idx = lunr.Index.load(d.index);
    window.bench.search = async q => { let r; try { r = idx.search(q + "*"); } catch (e) { r = []; } return r.slice(0, 10).map(x => d.titles[x.ref]); };
  }) };`,
  elasticlunr: `window.bench = { ready: fetch("index.json").then(r => r.json()).then(d => {
    const idx = elasticlunr.Index.load(d);
    const config = { fields: { title: { boost: 3 }, body: { boost: 1 } }, bool: "OR", expand: true };
    window.bench.search = async q => idx.search(q, config).slice(0, 10).map(x => idx.documentStore.getDoc(x.ref).title);
  }) };`,
  minisearch: `window.bench = { ready: fetch("index.json").then(r => r.text()).then(t => {
    const ms = MiniSearch.loadJSON(t, ${JSON.stringify(MINISEARCH_OPTIONS)});
    window.bench.search = async q => ms.search(q).slice(0, 10).map(x => x.title);
  }) };`,
  flexsearch: `window.bench = { ready: fetch("index.json").then(r => r.json()).then(async parts => {
    const idx = new FlexSearch.Document({ tokenize: "forward", document: { id: "id", index: ["title", "body"], store: ["title"] } });
    for (const [k, v] of Object.entries(parts)) await idx.import(k, v);
    window.bench.search = async q => {
      const seen = new Set(); const out = [];
      for (const field of idx.search(q, { limit: 10, enrich: true })) for (const r of field.result) if (!seen.has(r.id)) { seen.add(r.id); out.push(r.doc && r.doc.title); }
      return out.slice(0, 10);
    };
  }) };`,
  pagefind: `window.bench = { ready: import("./pagefind/pagefind.js").then(async pf => {
    await pf.init();
    window.bench.search = async q => { const s = await pf.search(q); const first = s.results[0] ? await s.results[0].data() : null; return first ? [first.meta.title] : []; };
    window.bench.top = async q => { const s = await pf.search(q); return (await Promise.all(s.results.slice(0, 10).map(r => r.data()))).map(d => d.meta.title); };
  }) };`,
  // The widget's own loader (papersift.js, loaded by the page): it fetches
  // the parts of a split index a query needs, as the widget does.
  papersift: `window.bench = { ready: papersift.load().then(async () => {
    const exports = await papersiftWasm(); // already instantiated by load(): its exports
    window.bench.wasmMemory = () => exports.memory.buffer.byteLength;
    window.bench.search = async q => (await papersift.search(q, { limit: 10 })).results.map(h => h.title);
    window.bench.searchWords = async q => (await papersift.search(q, { limit: 10, meaning: false })).results.map(h => h.title);
    // The last 30 days, with counts for the last 7, 30 and all (as the
    // native bench's "dated" timing): what the widget's date filter asks.
    const last = (await papersift.load()).dates;
    if (last && last[1] > last[0]) {
      const back = (days) => new Date(Date.parse(last[1]) - days * 864e5).toISOString().slice(0, 10);
      const dated = { limit: 10, from: back(29), facets: [{ from: back(6) }, { from: back(29) }, {}] };
      window.bench.searchDated = async q => (await papersift.search(q, dated)).results.map(h => h.title);
    }
  }) };`
};

// ---- serving, with a log of what each page fetched ----
const gzipped = new Map();
function serve(root) {
  const log = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, body) => {
      if (err) return res.writeHead(404).end();
      log.push({ file, at: performance.now() });
      const type = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" }[path.extname(file)];
      const headers = { "content-type": type || "application/octet-stream", "cache-control": "no-store" };
      // Like any static host or CDN: gzip when the browser accepts it.
      if (/\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
        if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(body, { level: 9 }));
        body = gzipped.get(file);
        headers["content-encoding"] = "gzip";
      }
      res.writeHead(200, headers);
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, log, url: `http://127.0.0.1:${server.address().port}/` })));
}

const compressed = new Map();
function sizes(file) {
  if (!compressed.has(file)) {
    const body = fs.readFileSync(file);
    compressed.set(file, {
      raw: body.length,
      gz: zlib.gzipSync(body, { level: 9 }).length,
      br: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return compressed.get(file);
}

function dirSize(dir) {
  let total = { raw: 0, gz: 0, files: 0 };
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const f = path.join(e.parentPath || e.path, e.name);
    if (/\.(html|js|css)$/.test(f) && !f.includes("pagefind")) continue; // pages and libraries are not index
    const s = sizes(f);
    total.raw += s.raw;
    total.gz += s.gz;
    total.files++;
  }
  return total;
}

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.round((xs.length - 1) * p))];

// Page load → first result is the median of this many fresh loads (each in
// a new browser context, so nothing is cached); the first load of a run
// also pays for starting the browser's processes, which a median ignores.
const LOADS = 5;

/**
 * Per-query time of `window.bench[fn]` over the typed queries, sorted, or
 * null when the page has no such function. Every query is searched once
 * first (its parts fetched), then once more right before it is timed (a
 * bounded cache may have dropped them since): this times searching, not
 * fetching. Browsers coarsen performance.now() (to 0.1 ms here), so each
 * query is repeated enough to measure well below that.
 */
function timeQueries(page, fn) {
  return page.evaluate(async ([typed, fn]) => {
    const search = window.bench[fn];
    if (!search) return null;
    for (const q of typed) await search(q);
    const times = [];
    for (const q of typed) {
      await search(q);
      let reps = 0;
      const t = performance.now();
      while (reps < 5 || (performance.now() - t < 5 && reps < 200)) {
        await search(q);
        reps++;
      }
      times.push((performance.now() - t) / reps);
    }
    return times.sort((a, b) => a - b);
  }, [TYPED, fn]);
}

async function measure(browser, origin, dir, log) {
  const url = origin + path.basename(dir) + "/index.html";
  const firsts = [];
  // One unrecorded load first: whichever engine the run measures first
  // would otherwise also pay for warming up the browser.
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    const ms = await page.evaluate(async (q) => {
      await window.bench.ready;
      await window.bench.search(q);
      return performance.now();
    }, QUERIES[0]);
    if (i > 0) firsts.push(ms);
    await context.close();
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  const start = log.length;
  await page.goto(url);
  const { firstMs, loadJs, loadWasm } = await page.evaluate(async (q) => {
    await window.bench.ready;
    await window.bench.search(q);
    const firstMs = performance.now();
    if (window.gc) window.gc();
    const heap = performance.memory ? performance.memory.usedJSHeapSize : 0;
    const wasm = window.bench.wasmMemory ? window.bench.wasmMemory() : 0;
    return { firstMs, loadJs: heap, loadWasm: wasm };
  }, QUERIES[0]);
  const fetched = log.slice(start).filter((e) => !e.file.endsWith("index.html"));
  const before = { gz: 0, br: 0, files: fetched.length };
  for (const e of fetched) {
    const s = sizes(e.file);
    before.gz += s.gz;
    before.br += s.br;
  }
  const times = await timeQueries(page, "search");
  const after = await page.evaluate(() => {
    if (window.gc) window.gc();
    const heap = performance.memory ? performance.memory.usedJSHeapSize : 0;
    return heap + (window.bench.wasmMemory ? window.bench.wasmMemory() : 0);
  });
  const dated = await timeQueries(page, "searchDated");
  const top = await page.evaluate((q) => window.bench.search(q), QUERIES[0]);
  await context.close();
  firsts.push(firstMs);
  return { firstMs: pct(firsts.sort((a, b) => a - b), 0.5), before, p50: pct(times, 0.5), p95: pct(times, 0.95), dated: dated && { p50: pct(dated, 0.5), p95: pct(dated, 0.95) }, loadJsMB: loadJs / 1e6, loadWasmMB: loadWasm / 1e6, heapMB: after / 1e6, top: top[0] };
}

// ---- relevance: the judged queries, on the corpus they were written for ----

/** A paper's id as papersift makes it: its title as a lower-case ASCII slug. */
function slug(title) {
  let out = "";
  let dash = false;
  for (const c of title) {
    if (/^[A-Za-z0-9]$/.test(c)) {
      if (dash && out) out += "-";
      dash = false;
      out += c.toLowerCase();
      if (out.length >= 80) break;
    } else dash = true;
  }
  return out || "paper";
}

/**
 * The judged queries of JUDGED files whose every judged id prefix names one
 * of `docs` (the corpus they were written for), each as {kind, query,
 * grades: Map(id → grade)}; none on other corpora. The kinds of a file
 * other than judgements.tsv are prefixed by its name (`own-words paraphrase`).
 */
function judgedFor(docs) {
  const ids = docs.map((d) => slug(d.title));
  const out = [];
  for (const file of JUDGED) {
    const set = path.basename(file, ".tsv");
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      if (!line.trim() || line.startsWith("#")) continue;
      const [kind, query, ...marks] = line.split("\t");
      const grades = new Map();
      for (const mark of marks) {
        const [prefix, grade] = [mark.slice(0, mark.lastIndexOf("=")), Number(mark.slice(mark.lastIndexOf("=") + 1))];
        const found = ids.filter((id) => id.startsWith(prefix));
        if (found.length !== 1) return [];
        grades.set(found[0], grade);
      }
      out.push({ kind: set === "judgements" ? kind : `${set} ${kind}`, query, grades });
    }
  }
  return out;
}

function ndcg10(ranked, grades) {
  const gain = (g) => (2 ** g - 1);
  const dcg = ranked.slice(0, 10).reduce((sum, id, i) => sum + gain(grades.get(id) || 0) / Math.log2(i + 2), 0);
  const ideal = [...grades.values()].sort((a, b) => b - a).slice(0, 10).reduce((sum, g, i) => sum + gain(g) / Math.log2(i + 2), 0);
  return ideal ? dcg / ideal : 0;
}

/** Mean nDCG@10 by kind (and "all") of the page's `fn` over `judged`. */
async function relevance(browser, origin, dir, judged, fn) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin + path.basename(dir) + "/index.html");
  const ranked = await page.evaluate(async ([queries, fn]) => {
    await window.bench.ready;
    const search = window.bench[fn];
    if (!search) return null;
    const out = [];
    for (const q of queries) out.push(await search(q));
    return out;
  }, [judged.map((j) => j.query), fn]);
  await context.close();
  if (!ranked) return null;
  const by = {};
  judged.forEach((j, i) => {
    const n = ndcg10(ranked[i].map(slug), j.grades);
    for (const kind of [j.kind, "all"]) (by[kind] = by[kind] || []).push(n);
  });
  return Object.fromEntries(Object.entries(by).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]));
}

// ---- a slow connection, as Lighthouse's mobile profile emulates it ----
const SLOW = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

/** A fresh page on the emulated slow connection (nothing cached). */
async function slowPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", SLOW);
  return { context, page };
}

// On the slow connection: navigation → first results shown (median of
// LOADS fresh loads), then each of the other query lines as a new query on
// a loaded page: time to results and requests made (median), which counts
// what a split index fetches per query.
async function measureSlow(browser, origin, dir, log) {
  const url = origin + path.basename(dir) + "/index.html";
  const firsts = [];
  for (let i = 0; i < LOADS; i++) {
    const { context, page } = await slowPage(browser);
    await page.goto(url);
    firsts.push(await page.evaluate(async (q) => {
      await window.bench.ready;
      await window.bench.search(q);
      return performance.now();
    }, QUERIES[0]));
    await context.close();
  }
  const { context, page } = await slowPage(browser);
  await page.goto(url);
  await page.evaluate(async (q) => { await window.bench.ready; await window.bench.search(q); }, QUERIES[0]);
  const cold = [];
  const requests = [];
  const bytes = [];
  const meaning = [];
  for (const q of QUERIES.slice(1)) {
    const start = log.length;
    cold.push(await page.evaluate(async (q) => {
      const t = performance.now();
      await window.bench.search(q);
      return performance.now() - t;
    }, q));
    requests.push(log.length - start);
    bytes.push(log.slice(start).reduce((sum, e) => sum + sizes(e.file).gz, 0));
    // papersift's meaning shards: what ranking by meaning adds to a query.
    meaning.push(log.slice(start).filter((e) => /\/m-[^/]*$/.test(e.file)).reduce((sum, e) => sum + sizes(e.file).gz, 0));
  }
  await context.close();
  const median = (xs) => pct(xs.sort((a, b) => a - b), 0.5);
  return { slowFirstMs: median(firsts), coldMs: median(cold), coldRequests: median(requests), coldBytes: median(bytes), coldBytesMax: Math.max(0, ...bytes), coldMeaningBytes: median(meaning), coldMeaningMax: Math.max(0, ...meaning) };
}

const kb = (n) => (n / 1024).toFixed(1) + " KB";
const ms = (n) => (n < 1 ? n.toFixed(3) : n.toFixed(1)) + " ms";

async function main() {
  fs.mkdirSync(RESULTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--enable-precise-memory-info", "--js-flags=--expose-gc"],
  });
  const rows = [];
  const judgedRows = [];
  for (const name of CORPORA) {
    const root_ = path.join(RESULTS, name);
    const docs = readDocuments(root_);
    const judged = judgedFor(docs);
    const { server, log, url } = await serve(root_);
    for (const engine of ENGINES) {
      const dir = path.join(root_, engine);
      let buildMs;
      let native = null;
      if (engine === "papersift") {
        // Built by `cargo xtask bench`: the site, and native numbers.
        native = JSON.parse(fs.readFileSync(path.join(root_, "papersift-native.json"), "utf8"));
        buildMs = native.build_ms;
        fs.writeFileSync(path.join(dir, "bench.js"), PAGE_JS.papersift);
        // The engine is named by its content (papersift-<hash>.wasm).
        const wasm = fs.readdirSync(dir).find((f) => /^papersift-[0-9a-f]{8}\.wasm$/.test(f));
        fs.writeFileSync(path.join(dir, "index.html"), page("bench.js", `<link rel="preload" href="${wasm}" as="fetch" crossorigin><script src="papersift.js"></script>`));
      } else {
        process.stderr.write(`bench: ${name}: building ${engine} (${docs.length} docs)\n`);
        buildMs = await buildPeer(engine, docs, dir);
      }
      process.stderr.write(`bench: ${name}: measuring ${engine} in Chromium\n`);
      const m = await measure(browser, url, dir, log);
      Object.assign(m, await measureSlow(browser, url, dir, log));
      let index = dirSize(dir);
      if (engine === "papersift") {
        // The root (or whole index), index.psi: count it, plus the parts.
        const root = sizes(path.join(root_, "papersift-root.psi"));
        const parts = path.join(dir, "papersift-index");
        const more = fs.existsSync(parts) ? dirSize(parts) : { gz: 0, files: 0 };
        index = { raw: native.index_bytes, gz: root.gz + more.gz, files: 1 + more.files };
      }
      rows.push({ corpus: name, docs: docs.length, engine, buildMs, ...m, index, native });
      if (judged.length) {
        process.stderr.write(`bench: ${name}: ${judged.length} judged queries on ${engine}\n`);
        const scores = await relevance(browser, url, dir, judged, engine === "pagefind" ? "top" : "search");
        judgedRows.push({ corpus: name, engine, scores });
        const words = await relevance(browser, url, dir, judged, "searchWords");
        if (words) judgedRows.push({ corpus: name, engine: engine + " (words only)", scores: words });
      }
    }
    server.close();
  }
  await browser.close();

  const lines = [
    `Machine: ${process.platform} ${process.arch}, ${(await import("node:os")).cpus().length} cores, Node ${process.version}, Chromium (headless). Queries: ${QUERIES.length} lines, ${TYPED.length} as typed.`,
    "",
    "| corpus | engine | before 1st result gz / br (files) | index total gz (files) | build | load → 1st result | p50 / p95 (Chromium) | native p50 / p95 | heap after load: JS + wasm | heap after all queries | slow connection: load → 1st result | slow connection: new query (requests, gz median / max; of which meaning shards) | top hit for \"" + QUERIES[0] + "\" |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.corpus} (${r.docs}) | ${r.engine} | ${kb(r.before.gz)} / ${kb(r.before.br)} (${r.before.files}) | ${kb(r.index.gz)} (${r.index.files}) | ${ms(r.buildMs)} | ${ms(r.firstMs)} | ${ms(r.p50)} / ${ms(r.p95)}${r.dated ? " (dated " + ms(r.dated.p50) + " / " + ms(r.dated.p95) + ")" : ""} | ${r.native ? ms(r.native.p50_us / 1000) + " / " + ms(r.native.p95_us / 1000) + (r.native.dated_p95_us ? " (dated " + ms(r.native.dated_p50_us / 1000) + " / " + ms(r.native.dated_p95_us / 1000) + ")" : "") : "–"} | ${r.loadJsMB.toFixed(1)} + ${r.loadWasmMB.toFixed(1)} MB | ${r.heapMB.toFixed(1)} MB | ${ms(r.slowFirstMs)} | ${ms(r.coldMs)} (${r.coldRequests}, ${kb(r.coldBytes)} / ${kb(r.coldBytesMax)}; ${kb(r.coldMeaningBytes)} / ${kb(r.coldMeaningMax)}) | ${String(r.top || "").slice(0, 40)} |`
    );
  }
  const kinds = [...new Set(judgedRows.flatMap((r) => Object.keys(r.scores)))].sort((a, b) => (a === "all") - (b === "all") || a.localeCompare(b));
  if (judgedRows.length) {
    lines.push("", "nDCG@10 of the judged queries (tests/relevance/*.tsv) by kind:", "", `| corpus | engine | ${kinds.join(" | ")} |`, `|---|---|${kinds.map(() => "---").join("|")}|`);
    for (const r of judgedRows) lines.push(`| ${r.corpus} | ${r.engine} | ${kinds.map((k) => (r.scores[k] === undefined ? "–" : r.scores[k].toFixed(3))).join(" | ")} |`);
  }
  const table = lines.join("\n");
  fs.writeFileSync(path.join(RESULTS, "results.md"), table + "\n");
  fs.writeFileSync(path.join(RESULTS, "results.json"), JSON.stringify({ rows, relevance: judgedRows }, null, 1));
  console.log(table);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
