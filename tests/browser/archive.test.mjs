// The archive (issue #12): a site of eight daily digests, Dec 28, 2024 to
// Jan 4, 2025, embedded so that it also works from file://. Each result
// shows its date; a date filter with counts; newest first; the state in
// the address; a hostile address; a redeployed split site. Expected counts
// come from the site's own page (each article's <time datetime>) and the
// engine's unfiltered matches, never from the widget's counts.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { SITES, serve, launch, openPage, widgetState, searchBox, resultTitles, statusText, screenshot, copySite, GPIPE } from "./harness.mjs";

const ARCHIVE = path.join(SITES, "archive");
/** Each paper's date, read from the site's page. */
const DATES = new Map(
  [...fs.readFileSync(path.join(ARCHIVE, "index.html"), "utf8").matchAll(/<article id="([^"]+)">[\s\S]*?<time datetime="([^"]+)">/g)].map((m) => [m[1], m[2]])
);
const KEYS = [...fs.readFileSync(path.resolve("../../www/src/strings.js"), "utf8").matchAll(/^\s+"?([a-z-]+)"?:/gm)].map((m) => m[1]);
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "2025-01-04" as en-US writes it: "Jan 4, 2025". */
const enUS = (iso) => {
  const [y, m, d] = iso.split("-").map(Number);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
};
const WEEK = ["2024-12-29", "2025-01-04"]; // the archive's last seven days
const Q = "learning";

let browser;
let http;
let split;
let dir; // a copy of the archive with a translated page
before(async () => {
  browser = await launch();
  http = await serve(ARCHIVE);
  split = await serve(path.join(SITES, "split"));
  dir = copySite("archive");
  const texts = KEYS.map((k) => `text-${k}="«${k}»${k === "did-you-mean" ? " {q}" : ""}"`).join(" ");
  fs.writeFileSync(
    path.join(dir, "strings.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>strings</title><link rel="icon" href="favicon.svg"><script src="papersift.js" defer></script></head><body><papersift-search ${texts}></papersift-search></body></html>`
  );
});
after(async () => {
  await browser?.close();
  await http?.close();
  await split?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const origins = {
  "over http": (query = "") => http.url + "index.html" + query,
  "from file://": (query = "") => pathToFileURL(path.join(ARCHIVE, "index.html")).href + query,
};
const open = (url, options) => openPage(browser, url, { locale: "en-US", ...options });
const shadow = "document.querySelector('papersift-search').shadowRoot";

/** The ids of every paper the engine matches for `q`, unfiltered. */
const matches = (page, q = Q) => page.evaluate(async (q) => (await papersift.search(q, { limit: 1000 })).results.map((h) => h.id), q);
/** How many of `ids` the page dates from `from` to `to` ("" is open). */
const countIn = (ids, from, to) => ids.filter((id) => (!from || DATES.get(id) >= from) && (!to || DATES.get(id) <= to)).length;
/** The shown results: id, `<time datetime>` and date text. */
const shown = (page) =>
  page.evaluate(
    (sel) =>
      [...eval(sel).querySelectorAll("[role=option]:not(.more)")].map((o) => ({
        id: decodeURIComponent(o.getAttribute("href").split("#")[1]),
        date: o.querySelector("time").getAttribute("datetime"),
        text: o.querySelector("time").textContent,
      })),
    shadow
  );
const chip = (page, key) => page.locator(`papersift-search .choice:has(input[value="${key}"])`);
const counts = (page) =>
  page.evaluate((sel) => Object.fromEntries([...eval(sel).querySelectorAll(".choice")].map((c) => [c.querySelector("input").value, c.querySelector(".count").textContent])), shadow);
const waitStatus = (page, text) =>
  page.waitForFunction(([sel, t]) => eval(sel).querySelector(".status").textContent === t, [shadow, text]);
const params = (page) => Object.fromEntries(new URL(page.url()).searchParams);
/** Shows every result: "Show all", then "Show more" until none is left. */
async function showAll(page) {
  const more = page.locator("papersift-search .more");
  while (await more.count()) {
    const n = await page.locator("papersift-search [role=option]").count();
    await more.click();
    await page.waitForFunction(([sel, n]) => eval(sel).querySelectorAll("[role=option]").length !== n, [shadow, n]);
  }
}

for (const [how, url] of Object.entries(origins)) {
  describe(`an archive ${how}`, () => {
    test("each result shows its paper's date, and newest first orders them across the new year", async () => {
      const page = await open(url());
      assert.equal(await widgetState(page), "ready");
      assert.equal(DATES.size, 64);
      await searchBox(page).fill(Q);
      await page.locator("papersift-search [role=option]").first().waitFor();
      for (const hit of await shown(page)) {
        assert.equal(hit.date, DATES.get(hit.id), hit.id);
        assert.equal(hit.text, enUS(hit.date));
      }
      await page.locator("papersift-search select").selectOption("date");
      await page.waitForFunction(() => new URLSearchParams(location.search).get("sort") === "date");
      await showAll(page);
      const hits = await shown(page);
      const expected = (await matches(page)).map((id) => DATES.get(id)).sort().reverse();
      assert.deepEqual(hits.map((h) => h.date), expected, "every match, newest first");
      assert.equal(hits[0].text, "Jan 4, 2025");
      assert.ok(expected.includes("2025-01-01") && expected.includes("2024-12-31"), "the matches span the new year");
      for (const hit of hits) assert.equal(hit.date, DATES.get(hit.id), hit.id);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test("the date filter shows each choice's count, and a choice keeps only the results of its range", async () => {
      const page = await open(url());
      await widgetState(page);
      await searchBox(page).fill(Q);
      await page.locator("papersift-search [role=option]").first().waitFor();
      const ids = await matches(page);
      const [all, week] = [countIn(ids, "", ""), countIn(ids, ...WEEK)];
      assert.ok(week > 10 && week < all, `${week} of ${all} in the past week`);
      await page.waitForFunction(([sel, n]) => eval(sel).querySelector(".count").textContent === n, [shadow, String(all)]);
      assert.deepEqual(await counts(page), { "all-dates": String(all), "past-week": String(week), "past-month": String(all), "custom-dates": "" });
      await chip(page, "past-week").click();
      await waitStatus(page, `${week} results`);
      assert.deepEqual(params(page), { q: Q, from: WEEK[0], to: WEEK[1] });
      await showAll(page);
      const hits = await shown(page);
      assert.equal(hits.length, week);
      assert.ok(hits.every((h) => h.date >= WEEK[0] && h.date <= WEEK[1]));
      // A custom range: one day each side of the new year.
      await chip(page, "custom-dates").click();
      await page.locator("papersift-search input[type=date]").first().fill("2024-12-31");
      await page.locator("papersift-search input[type=date]").last().fill("2025-01-01");
      const custom = countIn(ids, "2024-12-31", "2025-01-01");
      await waitStatus(page, `${custom} results`);
      assert.equal((await counts(page))["custom-dates"], String(custom));
      assert.deepEqual(params(page), { q: Q, from: "2024-12-31", to: "2025-01-01" });
      assert.ok((await shown(page)).every((h) => h.date === "2024-12-31" || h.date === "2025-01-01"));
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    test("an address with q, from, to and sort is restored on load", async () => {
      const page = await open(url(`?q=${Q}&from=2024-12-30&to=2025-01-02&sort=date`));
      await widgetState(page);
      const ids = await matches(page);
      await waitStatus(page, `${countIn(ids, "2024-12-30", "2025-01-02")} results`);
      assert.equal(await searchBox(page).inputValue(), Q);
      assert.ok(await chip(page, "custom-dates").locator("input").isChecked());
      const dates = page.locator("papersift-search input[type=date]");
      assert.deepEqual([await dates.first().inputValue(), await dates.last().inputValue()], ["2024-12-30", "2025-01-02"]);
      assert.equal(await page.locator("papersift-search select").inputValue(), "date");
      const hits = (await shown(page)).map((h) => h.date);
      assert.deepEqual(hits, [...hits].sort().reverse(), "newest first");
      assert.ok(hits.every((d) => d >= "2024-12-30" && d <= "2025-01-02"));
      await page.context().close();
    });

    test("a hostile from=, to= and sort= are ignored with a visible note, shown as text", async () => {
      const from = '"><img src=x onerror="window.__pwned=1">';
      const sort = "<script>window.__pwned=2</script>";
      const query = `?q=${Q}&from=${encodeURIComponent(from)}&to=2025-02-30&sort=${encodeURIComponent(sort)}`;
      const page = await open(url(query));
      await widgetState(page);
      const all = (await matches(page)).length;
      await waitStatus(page, `${all} results`);
      const note = await page.locator("papersift-search .notice").textContent();
      assert.ok(note.includes(`Ignored from=“${from}” in the address: not a date like 2024-08-07.`), note);
      assert.ok(note.includes("Ignored to=“2025-02-30” in the address"), note);
      assert.ok(note.includes(`Ignored sort=“${sort}” in the address: use date or relevance.`), note);
      assert.ok(await page.locator("papersift-search .notice").isVisible());
      assert.ok(await chip(page, "all-dates").locator("input").isChecked());
      assert.equal(await page.locator("papersift-search select").inputValue(), "relevance");
      const clean = await page.evaluate((sel) => window.__pwned === undefined && !eval(sel).querySelector("img, script") && !document.querySelector("img"), shadow);
      assert.ok(clean, "nothing was injected");
      await screenshot(page, `archive-hostile-address-${how.replace(/\W+/g, "-")}`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  });
}

describe("the archive widget", () => {
  test("the back button restores the filter and sort chosen before", async () => {
    const page = await open(http.url + `?q=${Q}`);
    await widgetState(page);
    const ids = await matches(page);
    await waitStatus(page, `${ids.length} results`);
    await chip(page, "past-week").click();
    await waitStatus(page, `${countIn(ids, ...WEEK)} results`);
    await page.locator("papersift-search select").selectOption("date");
    await page.waitForFunction(() => location.search.includes("sort=date"));
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes("sort="));
    assert.equal(await page.locator("papersift-search select").inputValue(), "relevance");
    assert.ok(await chip(page, "past-week").locator("input").isChecked());
    await page.goBack();
    await waitStatus(page, `${ids.length} results`);
    assert.ok(await chip(page, "all-dates").locator("input").isChecked());
    assert.deepEqual(params(page), { q: Q });
    await page.goForward();
    await waitStatus(page, `${countIn(ids, ...WEEK)} results`);
    assert.ok(await chip(page, "past-week").locator("input").isChecked());
    await page.context().close();
  });

  test("the filter and the sort work by keyboard alone, and Esc goes back to the box", async () => {
    const page = await open(http.url);
    await widgetState(page);
    const box = searchBox(page);
    await box.focus();
    await page.keyboard.type(Q);
    const ids = await matches(page);
    await waitStatus(page, `${ids.length} results`);
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowRight");
    await waitStatus(page, `${countIn(ids, ...WEEK)} results`);
    assert.ok(await chip(page, "past-week").locator("input").isChecked());
    assert.equal(await box.getAttribute("aria-expanded"), "true", "the results stay open");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction(() => location.search.includes("sort=date"));
    const dates = (await shown(page)).map((h) => h.date);
    assert.deepEqual(dates, [...dates].sort().reverse());
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Escape");
    assert.ok(await box.evaluate((e) => e.getRootNode().activeElement === e), "the focus is back in the box");
    await page.context().close();
  });

  test("at 360 px by touch the filter fits without sideways scrolling and a tap filters", async () => {
    const page = await open(http.url, { viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
    await widgetState(page);
    await searchBox(page).tap();
    await page.keyboard.type(Q);
    const ids = await matches(page);
    await waitStatus(page, `${ids.length} results`);
    await chip(page, "past-week").tap();
    await waitStatus(page, `${countIn(ids, ...WEEK)} results`);
    const box = await page.locator("papersift-search .filters").boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `filter at ${box.x}+${box.width}`);
    assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= 360), "no sideways scroll");
    await screenshot(page, "archive-small-screen");
    await page.context().close();
  });

  test("passes axe-core with the filter, a custom range, a note and results open", async () => {
    const page = await open(http.url + `?q=${Q}&from=2024-12-30&to=nope`);
    await widgetState(page);
    await page.locator("papersift-search [role=option]").first().waitFor();
    await page.locator("papersift-search .notice").waitFor();
    await screenshot(page, "archive-filter");
    await page.addScriptTag({ path: path.resolve("node_modules/axe-core/axe.min.js") });
    const result = await page.evaluate(() => axe.run(document));
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help}`), []);
    await page.context().close();
  });

  test("dates follow the visitor's locale", async () => {
    const page = await open(http.url + "?q=learning&sort=date", { locale: "de-DE" });
    await widgetState(page);
    await page.locator("papersift-search [role=option]").first().waitFor();
    const [first] = await shown(page);
    assert.equal(first.date, "2025-01-04");
    assert.match(first.text, /^4\. Jan\.? 2025$/);
    await page.context().close();
  });

  test("every string of the filter can be translated", async () => {
    const page = await open(pathToFileURL(path.join(dir, "strings.html")).href + `?q=${Q}&from=2024-12-30&sort=x`);
    await widgetState(page);
    await page.locator("papersift-search [role=option]").first().waitFor();
    const untranslated = await page.evaluate(() => {
      const out = [];
      const walk = (node) => {
        for (const c of node.childNodes) {
          if (c.nodeType === Node.TEXT_NODE && c.data.trim()) out.push(c.data.trim());
          if (c.nodeType !== Node.ELEMENT_NODE || c.matches(".title, .excerpt, .date, style, link")) continue;
          for (const a of ["aria-label", "placeholder", "title"]) if (c.hasAttribute(a)) out.push(c.getAttribute(a));
          walk(c);
        }
      };
      walk(document.querySelector("papersift-search").shadowRoot);
      return out.filter((s) => !s.includes("«"));
    });
    assert.deepEqual(untranslated, []);
    const notice = await page.locator("papersift-search .notice").textContent();
    assert.ok(notice.includes("«bad-sort»"), notice);
    await page.context().close();
  });

  test("the JS API filters and sorts by date, counts per range, and gives the archive's first and last day", async () => {
    const page = await open(http.url);
    await widgetState(page);
    const ids = await matches(page);
    const out = await page.evaluate(async (q) => {
      const answer = await papersift.search(q, { from: "2024-12-31", to: "2025-01-01", sort: "date", limit: 5, facets: [{ from: "2024-12-29" }, { to: null }] });
      return { dates: (await papersift.load()).dates, answer };
    }, Q);
    assert.deepEqual(out.dates, ["2024-12-28", "2025-01-04"]);
    assert.equal(out.answer.total, countIn(ids, "2024-12-31", "2025-01-01"));
    assert.deepEqual(out.answer.facets, [countIn(ids, "2024-12-29", ""), ids.length]);
    const dates = out.answer.results.map((h) => h.date);
    assert.equal(dates.length, 5);
    assert.deepEqual(dates, [...dates].sort().reverse());
    for (const hit of out.answer.results) assert.equal(hit.date, DATES.get(hit.id));
    await page.context().close();
  });
});

describe("a single digest", () => {
  test("shows no filter and ignores the archive's address, and its results show the date without a year", async () => {
    const server = await serve(path.join(SITES, "default"));
    try {
      const page = await open(server.url + "?q=gpipe&from=junk&sort=date");
      await widgetState(page);
      await page.locator("papersift-search [role=option]").first().waitFor();
      assert.equal((await resultTitles(page))[0], GPIPE);
      assert.equal(await page.locator("papersift-search .filters").count(), 0);
      const time = page.locator("papersift-search [role=option] time").first();
      assert.equal(await time.textContent(), "Aug 7");
      assert.equal(await time.getAttribute("datetime"), "08-07");
      await page.context().close();
    } finally {
      await server.close();
    }
  });
});

describe("a redeployed split site", () => {
  test("a part that no longer exists says the site was updated, and Reload recovers", async () => {
    const page = await open("about:blank");
    let gone = true;
    await page.route("**/papersift-index/**", (route) => (gone ? route.fulfill({ status: 404, body: "not found" }) : route.continue()));
    await page.goto(split.url);
    await widgetState(page);
    await searchBox(page).fill("gpipe");
    await page.locator("papersift-search .status.error").waitFor();
    assert.equal(await statusText(page), "This site was updated since the page was loaded. Reload");
    const button = page.locator("papersift-search .status button");
    assert.equal(await button.textContent(), "Reload");
    await screenshot(page, "redeployed");
    gone = false;
    await Promise.all([page.waitForEvent("load"), button.click()]);
    await widgetState(page);
    await page.locator("papersift-search [role=option]").first().waitFor();
    assert.equal(await searchBox(page).inputValue(), "gpipe");
    assert.equal((await resultTitles(page))[0], GPIPE);
    await page.context().close();
  });
});
