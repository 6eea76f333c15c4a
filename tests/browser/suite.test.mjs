// The real-browser suite: the built sites in headless Chromium, over
// http://127.0.0.1 and over file://. Test names read as sentences.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import {
  SITES, CSP, serve, launch, openPage, widgetState, searchBox, resultTitles,
  statusText, screenshot, copySite, GPIPE, GPIPE_ID, typeSettled,
} from "./harness.mjs";


let browser;
let http;
let hostile;
let split;
before(async () => {
  browser = await launch();
  http = await serve(path.join(SITES, "default"));
  hostile = await serve(path.join(SITES, "hostile"));
  split = await serve(path.join(SITES, "split"));
});
after(async () => {
  await browser?.close();
  await http?.close();
  await hostile?.close();
  await split?.close();
});

const origins = {
  "over http": () => http.url + "index.html",
  "from file://": () => pathToFileURL(path.join(SITES, "default", "index.html")).href,
};

for (const [how, pageUrl] of Object.entries(origins)) {
  describe(`the digest page ${how}`, () => {
    test("renders every paper with its anchor and loads the engine", async () => {
      const page = await openPage(browser, pageUrl());
      assert.equal(await widgetState(page), "ready");
      assert.equal(await page.locator("main article").count(), 64);
      assert.equal(await page.locator(`article#${GPIPE_ID} h2`).textContent(), GPIPE);
      assert.match(await statusText(page), /64 papers/);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test("typing a query shows the expected paper first and choosing it lands on its anchor", async () => {
      const page = await openPage(browser, pageUrl());
      await widgetState(page);
      await searchBox(page).pressSequentially("pipeline parallelism");
      await page.locator("papersift-search [role=option]").first().waitFor();
      assert.equal((await resultTitles(page))[0], GPIPE);
      await screenshot(page, `results-${how.replace(/\W+/g, "-")}`);
      await page.locator("papersift-search [role=option]").first().click();
      await page.waitForFunction((id) => location.hash === "#" + id, GPIPE_ID);
      const inView = await page.$eval(`#${GPIPE_ID}`, (e) => {
        const r = e.getBoundingClientRect();
        return r.top < innerHeight && r.bottom > 0;
      });
      assert.ok(inView, "the chosen paper is scrolled into view");
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  });
}

describe("the widget", () => {
  test("highlights the matched words in the title and the excerpt", async () => {
    const page = await openPage(browser, http.url);
    await widgetState(page);
    await searchBox(page).fill("gpipe");
    const first = page.locator("papersift-search [role=option]").first();
    await first.waitFor();
    const marks = await first.locator("mark").allTextContents();
    assert.ok(marks.length >= 2, `marks: ${marks}`);
    for (const m of marks) assert.equal(m.toLowerCase(), "gpipe");
    await page.context().close();
  });

  test("moves through results with the arrow keys and opens the active one with Enter", async () => {
    const page = await openPage(browser, http.url);
    await widgetState(page);
    const box = searchBox(page);
    await box.fill("batch");
    await page.locator("papersift-search [role=option]").first().waitFor();
    await box.press("ArrowDown");
    await box.press("ArrowDown");
    const second = page.locator("papersift-search [role=option]").nth(1);
    assert.equal(await second.getAttribute("aria-selected"), "true");
    assert.equal(await box.getAttribute("aria-activedescendant"), await second.getAttribute("id"));
    const href = await second.getAttribute("href");
    await box.press("Enter");
    await page.waitForFunction((h) => location.hash === h, href);
    await page.context().close();
  });

  test("Ctrl+Enter opens the active result in a new tab and keeps this page as it was", async () => {
    const page = await openPage(browser, http.url);
    await widgetState(page);
    await searchBox(page).fill("gpipe");
    await page.locator("papersift-search [role=option]").first().waitFor();
    const [tab] = await Promise.all([page.context().waitForEvent("page"), searchBox(page).press("Control+Enter")]);
    await tab.waitForLoadState();
    assert.equal(new URL(tab.url()).hash, "#" + GPIPE_ID);
    assert.equal(new URL(page.url()).hash, "", "this page did not move");
    assert.equal(await searchBox(page).inputValue(), "gpipe");
    await page.context().close();
  });

  test("Escape closes the results, then clears the query", async () => {
    const page = await openPage(browser, http.url);
    await widgetState(page);
    const box = searchBox(page);
    await box.fill("layer normalization");
    await page.locator("papersift-search [role=option]").first().waitFor();
    await box.press("Escape");
    assert.equal(await box.getAttribute("aria-expanded"), "false");
    await box.press("Escape");
    assert.equal(await box.inputValue(), "");
    await page.context().close();
  });

  test("reads ?q= on load, keeps it in sync and shows results without typing", async () => {
    const page = await openPage(browser, http.url + "?q=layer+normalization");
    await widgetState(page);
    await page.locator("papersift-search [role=option]").first().waitFor();
    assert.equal((await resultTitles(page))[0], "Layer Normalization");
    await searchBox(page).fill("gpipe");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("q") === "gpipe");
    await page.context().close();
  });

  test("offers a did-you-mean correction when a word matches nothing", async () => {
    const page = await openPage(browser, http.url);
    await widgetState(page);
    await typeSettled(page, "xqzvjw normalizaton ");
    const button = page.locator("papersift-search .suggestion");
    const shown = await resultTitles(page);
    if (shown.length === 0) {
      await button.waitFor();
      assert.match(await button.textContent(), /normalization/);
    } else {
      assert.equal(shown[0], "Layer Normalization");
    }
    await page.context().close();
  });

  test("opens the modal with Ctrl+K and with /, and Escape closes it and restores focus", async () => {
    const page = await openPage(browser, http.url + "embed.html");
    await widgetState(page);
    const dialog = page.locator("papersift-search .dialog");
    assert.equal(await dialog.isVisible(), false);
    await page.keyboard.press("Control+k");
    await dialog.waitFor({ state: "visible" });
    await searchBox(page).pressSequentially("gpipe");
    await page.locator("papersift-search [role=option]").first().waitFor();
    await screenshot(page, "modal");
    await page.keyboard.press("Escape");
    assert.equal(await searchBox(page).getAttribute("aria-expanded"), "false", "first Escape closes the results");
    await page.keyboard.press("Escape");
    assert.equal(await searchBox(page).inputValue(), "", "second Escape clears the query");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    assert.equal(await page.evaluate(() => document.activeElement.tagName), "BODY", "focus returns where it was");
    await page.keyboard.press("/");
    await dialog.waitFor({ state: "visible" });
    assert.ok(await searchBox(page).evaluate((e) => e.getRootNode().activeElement === e));
    await page.context().close();
  });

  test("a result chosen on another page opens the paper on the digest page", async () => {
    const page = await openPage(browser, http.url + "embed.html");
    await widgetState(page);
    await page.keyboard.press("Control+k");
    await searchBox(page).pressSequentially("gpipe");
    await page.locator("papersift-search [role=option]").first().waitFor();
    await searchBox(page).press("Enter");
    await page.waitForURL((u) => u.pathname.endsWith("/index.html") && u.hash === "#" + GPIPE_ID);
    await page.context().close();
  });

  test("passes axe-core with no violations, with results open", async () => {
    const page = await openPage(browser, http.url);
    await widgetState(page);
    await searchBox(page).fill("training");
    await page.locator("papersift-search [role=option]").first().waitFor();
    await searchBox(page).press("ArrowDown");
    await page.addScriptTag({ path: path.resolve("node_modules/axe-core/axe.min.js") });
    const result = await page.evaluate(() => axe.run(document));
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help}`), []);
    await page.context().close();
  });

  test("works under a strict Content-Security-Policy with no violation", async () => {
    const strict = await serve(path.join(SITES, "default"), { "content-security-policy": CSP });
    try {
      const page = await openPage(browser, strict.url);
      const violations = [];
      await page.exposeFunction("reportViolation", (v) => violations.push(v));
      await page.evaluate(() =>
        document.addEventListener("securitypolicyviolation", (e) => window.reportViolation(e.violatedDirective + " " + e.blockedURI))
      );
      assert.equal(await widgetState(page), "ready");
      await searchBox(page).fill("gpipe");
      await page.locator("papersift-search [role=option]").first().waitFor();
      assert.deepEqual(violations, []);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    } finally {
      await strict.close();
    }
  });

  test("shows a clear message for a corrupt, truncated, old or missing index and the page stays usable", async () => {
    const dir = copySite("default");
    // A current-version header over garbage, a truncated index, and one
    // written by an older papersift.
    const golden = fs.readFileSync(path.resolve("../fixtures/small.psi"));
    fs.writeFileSync(path.join(dir, "corrupt.psi"), Buffer.concat([golden.subarray(0, 8), Buffer.from("garbage-garbage-garbage")]));
    fs.writeFileSync(path.join(dir, "truncated.psi"), golden.subarray(0, golden.length - 9));
    fs.copyFileSync(path.resolve("../fixtures/small-v1.psi"), path.join(dir, "old.psi"));
    const cases = [
      ["corrupt.psi", /Search is unavailable: the index is (corrupt|damaged|truncated)/],
      ["truncated.psi", /Search is unavailable: the index is truncated/],
      ["old.psi", /Search is unavailable: index format version 1 is not supported: .*rebuild the site/],
      ["missing.psi", /Search is unavailable: index missing.psi: HTTP 404/],
    ];
    for (const [file] of cases) {
      fs.writeFileSync(
        path.join(dir, file + ".html"),
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title><link rel="icon" href="favicon.svg">
<script src="papersift.js" defer></script></head><body><papersift-search index="${file}"></papersift-search><p id="alive">still here</p></body></html>`
      );
    }
    const server = await serve(dir);
    try {
      for (const [file, message] of cases) {
        const page = await openPage(browser, server.url + file + ".html");
        assert.equal(await widgetState(page), "error", file);
        assert.match(await statusText(page), message);
        assert.equal(await page.locator("#alive").textContent(), "still here");
        await searchBox(page).fill("gpipe");
        assert.equal(await page.locator("papersift-search [role=option]").count(), 0);
        if (file === "corrupt.psi") await screenshot(page, "index-error");
        await page.context().close();
      }
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true });
    }
  });

  test("the JS API takes limit, sort and dates, and reports bad options as errors", async () => {
    const page = await openPage(browser, http.url);
    await widgetState(page);
    const out = await page.evaluate(async () => {
      // The API fetches the parts each search needs (the default site is
      // cut small, as `auto` builds it).
      const search = (q, opts) => papersift.search(q, opts);
      const tryIt = async (opts) => {
        try {
          await search("training", opts);
          return "ok";
        } catch (e) {
          return e.message;
        }
      };
      return {
        limited: (await search("training", { limit: 3 })).results.length,
        byDate: (await search("training", { sort: "date", limit: 5 })).results.length,
        inRange: (await search("training", { from: "Aug 1", to: "Aug 31" })).total,
        outOfRange: (await search("training", { from: "Sep 1" })).total,
        badSort: await tryIt({ sort: "sideways" }),
        badDate: await tryIt({ from: "yesterday" }),
        badLimit: await tryIt({ limit: -1 }),
        stillWorks: (await search("gpipe")).results[0].id,
      };
    });
    assert.equal(out.limited, 3);
    assert.equal(out.byDate, 5);
    assert.ok(out.inRange > 5);
    assert.equal(out.outOfRange, 0);
    assert.equal(out.badSort, 'unknown sort "sideways"');
    assert.equal(out.badDate, 'from: "yesterday" is not a date like "2024-08-07"');
    assert.match(out.badLimit, /limit must be a number/);
    assert.equal(out.stillWorks, GPIPE_ID);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("lower-cases words beyond ASCII as the native CLI does (the wasm asks the browser)", async () => {
    // Each query holds a typo, so its suggestion shows the query lower-cased.
    const queries = ["ÜBER netwrok", "ΟΔΥΣΣΕΥΣ ΣΟΦΙΑΣ netwrok", "İSTANBUL МОДЕЛЬ Straße netwrok", "CAFÉ ǅEMAL optimizaton"];
    const cli = path.resolve("../../target/debug/papersift");
    const run = spawnSync(cli, ["search", "--json", "--limit", "10"], { input: queries.join("\n") + "\n", encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const native = run.stdout.trim().split("\n").map((l) => JSON.parse(l)).map((a) => [a.suggestion, a.results.map((h) => h.id)]);
    assert.equal(native[1][0], "οδυσσευς σοφιας network", "final sigma");
    const page = await openPage(browser, http.url);
    await widgetState(page);
    const wasm = await page.evaluate(async (qs) => {
      const out = [];
      for (const q of qs) {
        const a = await papersift.search(q, { limit: 10 });
        out.push([a.suggestion, a.results.map((h) => h.id)]);
      }
      return out;
    }, queries);
    assert.deepEqual(wasm, native);
    await page.context().close();
  });

  test("ranks the same as the native CLI for the same queries", async () => {
    const queries = ["gpipe", "pipeline parallelism", "layer normalization", "large batch", "reinforcement", "optimizaton", "transf"];
    const cli = path.resolve("../../target/debug/papersift");
    const run = spawnSync(cli, ["search", "--json", "--limit", "10"], { input: queries.join("\n") + "\n", encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const native = run.stdout.trim().split("\n").map((l) => JSON.parse(l).results.map((h) => h.id));
    const page = await openPage(browser, http.url);
    await widgetState(page);
    const wasm = await page.evaluate(async (qs) => {
      const out = [];
      for (const q of qs) out.push((await papersift.search(q, { limit: 10 })).results.map((h) => h.id));
      return out;
    }, queries);
    assert.deepEqual(wasm, native);
    await page.context().close();
  });
});

describe("hostile input", () => {
  const probe = () => window.__pwned === undefined && !document.querySelector("img[src=x], svg, b, script:not([src])");

  test("titles and abstracts with markup are shown literally on the digest page", async () => {
    const page = await openPage(browser, hostile.url);
    await widgetState(page);
    assert.ok(await page.evaluate(probe));
    assert.match(await page.locator("article").first().locator("h2").textContent(), /^<script>window.__pwned = 1<\/script>/);
    await page.context().close();
  });

  test("hostile queries and results stay inert text in the widget", async () => {
    const page = await openPage(browser, hostile.url);
    await widgetState(page);
    for (const q of ['<img src=x onerror="window.__pwned=9">', "script", "</mark><b>", "constructor", "__proto__", "toString", "\uD800 lone", '"', "-", "+", "title:", "深度"]) {
      await searchBox(page).fill(q);
      assert.ok(await page.evaluate(probe), `query ${q}`);
    }
    await searchBox(page).fill("attention");
    await page.locator("papersift-search [role=option]").first().waitFor();
    const titles = await resultTitles(page);
    assert.ok(titles.some((t) => t.includes("<script>window.__pwned = 1</script>")), titles.join(" | "));
    await searchBox(page).fill("constructor");
    assert.ok((await resultTitles(page)).some((t) => t.startsWith("constructor __proto__")));
    assert.ok(await page.evaluate(probe));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("a hostile ?q= value is shown as text and injects nothing", async () => {
    const q = encodeURIComponent('"><img src=x onerror="window.__pwned=8"><script>window.__pwned=9</script>');
    const page = await openPage(browser, hostile.url + "?q=" + q);
    await widgetState(page);
    assert.equal(await searchBox(page).inputValue(), '"><img src=x onerror="window.__pwned=8"><script>window.__pwned=9</script>');
    assert.ok(await page.evaluate(probe));
    await page.context().close();
  });
});

describe("a split index", () => {
  test("fetches only the parts a query needs and finds the expected paper", async () => {
    const page = await openPage(browser, split.url);
    const fetched = [];
    page.on("request", (r) => {
      if (r.url().includes("/papersift-index/")) fetched.push(r.url().split("/").pop());
    });
    await widgetState(page);
    assert.deepEqual(fetched, [], "nothing is fetched before the first query");
    await searchBox(page).pressSequentially("pipeline parallelism");
    await page.locator("papersift-search [role=option]").first().waitFor();
    assert.equal((await resultTitles(page))[0], GPIPE);
    const all = fs.readdirSync(path.join(SITES, "split", "papersift-index"));
    assert.ok(fetched.length > 0 && fetched.length < all.length, `fetched ${fetched.length} of ${all.length}`);
    assert.equal(new Set(fetched).size, fetched.length, "no part is fetched twice");
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("a part that fails to load shows a message, and Retry recovers", async () => {
    const page = await openPage(browser, "about:blank");
    let failing = true;
    await page.route("**/papersift-index/**", (route) => (failing ? route.fulfill({ status: 503, body: "busy" }) : route.continue()));
    await page.goto(split.url);
    await widgetState(page);
    await searchBox(page).fill("gpipe");
    await page.locator("papersift-search .status.error").waitFor();
    assert.match(await statusText(page), /Could not load part of the index: .*HTTP 503/);
    await screenshot(page, "part-error");
    failing = false;
    await page.locator("papersift-search .status button").click();
    await page.locator("papersift-search [role=option]").first().waitFor();
    assert.equal((await resultTitles(page))[0], GPIPE);
    await page.context().close();
  });

  test("opened from disk, says it needs a web server, and the page stays usable", async () => {
    const page = await openPage(browser, pathToFileURL(path.join(SITES, "split", "index.html")).href);
    assert.equal(await widgetState(page), "error");
    assert.match(await statusText(page), /open the site through a web server/);
    assert.equal(await page.locator("main article").count(), 64);
    await page.context().close();
  });
});

describe("a whole index (--split never)", () => {
  for (const how of ["over http", "from file://"]) {
    test(`is embedded in the wasm: ${how}, a query fetches no bucket or doc shard`, async () => {
      const dir = path.join(SITES, "whole");
      const server = how === "over http" ? await serve(dir) : null;
      try {
        const url = server ? server.url : pathToFileURL(path.join(dir, "index.html")).href;
        const page = await openPage(browser, "about:blank");
        const parts = [];
        page.on("request", (r) => /\/papersift-index\/[bdt]-/.test(r.url()) && parts.push(r.url()));
        await page.goto(url);
        assert.equal(await widgetState(page), "ready");
        await typeSettled(page, "gpipe ");
        assert.equal((await resultTitles(page))[0], GPIPE);
        assert.deepEqual(parts, []);
        assert.deepEqual(page.problems, []);
        await page.context().close();
      } finally {
        await server?.close();
      }
    });
  }
});
