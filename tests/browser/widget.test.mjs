// The widget as site owners and visitors meet it: embedding, theming,
// strings, small screens, history, landing highlights, states, CSP.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  SITES, CSP, serve, launch, openPage, widgetState, searchBox, resultTitles,
  statusText, screenshot, copySite, GPIPE, GPIPE_ID, typeSettled,
} from "./harness.mjs";


let browser;
let http;
let custom; // a copy of the default site with extra test pages
let customDir;
before(async () => {
  browser = await launch();
  http = await serve(path.join(SITES, "default"));
  customDir = copySite("default");
  const page = (name, body, head = "") =>
    fs.writeFileSync(
      path.join(customDir, name),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${name}</title><link rel="icon" href="favicon.svg">${head}</head><body>${body}</body></html>`
    );
  page("themed.html", '<papersift-search style="--papersift-accent: rgb(200, 0, 0); --papersift-radius: 0px"></papersift-search>', '<script src="papersift.js" defer></script><link rel="stylesheet" href="host.css">');
  // Host CSS that would break a widget without a shadow root.
  fs.writeFileSync(path.join(customDir, "host.css"), "input, li, mark, ul { all: unset; display: none !important; } * { color: rgb(1, 2, 3) !important; }");
  page(
    "german.html",
    '<papersift-search text-placeholder="Artikel durchsuchen…" text-label="Artikelsuche" text-no-results="Keine Treffer für „{q}“." text-results="{n} Treffer" text-empty="{n} Artikel durchsuchen."></papersift-search>',
    '<script src="papersift.js" defer></script>'
  );
  page(
    "module.html",
    '<p id="out"></p><papersift-search mode="modal"></papersift-search>',
    '<script type="module" src="module-test.mjs"></script>'
  );
  // Both the classic script and the module, in either order.
  const both = ['<script src="papersift.js" defer></script>', '<script type="module" src="module-test.mjs"></script>'];
  page("both.html", '<p id="out"></p><papersift-search></papersift-search>', both.join(""));
  page("both-module-first.html", '<p id="out"></p><papersift-search></papersift-search>', both.reverse().join(""));
  fs.writeFileSync(
    path.join(customDir, "module-test.mjs"),
    'import { search } from "./papersift.mjs";\nconst r = await search("gpipe", { limit: 3 });\ndocument.getElementById("out").textContent = r.results[0].title;\n'
  );
  // A site that switches dark mode with a class on <html>, as many do.
  fs.writeFileSync(path.join(customDir, "classy.css"), "html { background: #fff; color: #111; } html.dark { background: #111; color: #eee; }");
  page("dark-class.html", "<papersift-search></papersift-search>", '<script src="papersift.js" defer></script><link rel="stylesheet" href="classy.css">');
  custom = await serve(customDir);
});
after(async () => {
  await browser?.close();
  await http?.close();
  await custom?.close();
  fs.rmSync(customDir, { recursive: true, force: true });
});

describe("embedding", () => {
  test("host page CSS cannot reach inside the widget, and custom properties theme it", async () => {
    const page = await openPage(browser, custom.url + "themed.html");
    await widgetState(page);
    await searchBox(page).fill("gpipe");
    const title = page.locator("papersift-search [role=option] .title").first();
    await title.waitFor();
    assert.equal(await title.evaluate((e) => getComputedStyle(e).color), "rgb(200, 0, 0)");
    assert.equal(await searchBox(page).evaluate((e) => getComputedStyle(e).borderRadius), "0px");
    assert.ok(await searchBox(page).isVisible(), "host CSS hid nothing inside");
    await page.context().close();
  });

  test("works as an ES module: import { search } and the element both work", async () => {
    const page = await openPage(browser, custom.url + "module.html");
    await page.waitForFunction(() => document.getElementById("out").textContent !== "");
    assert.equal(await page.locator("#out").textContent(), GPIPE);
    assert.equal(await widgetState(page), "ready");
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("with both the classic script and the ES module on a page, the engine loads once", async () => {
    for (const name of ["both.html", "both-module-first.html"]) {
      const page = await openPage(browser, "about:blank");
      const engines = [];
      page.on("request", (r) => r.url().endsWith(".wasm") && engines.push(r.url()));
      await page.goto(custom.url + name);
      await page.waitForFunction(() => document.getElementById("out").textContent !== "");
      assert.equal(await page.locator("#out").textContent(), GPIPE, name);
      assert.equal(await widgetState(page), "ready", name);
      await searchBox(page).fill("layer normalization");
      await page.locator("papersift-search [role=option]").first().waitFor();
      assert.equal((await resultTitles(page))[0], "Layer Normalization", name);
      assert.equal(engines.length, 1, name);
      assert.match(engines[0], /^http:\/\/127\.0\.0\.1:\d+\/papersift-[0-9a-f]{8}\.wasm$/, name);
      assert.deepEqual(page.problems, [], name);
      await page.context().close();
    }
  });

  test("ships an npm-style package with types next to the scripts", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(SITES, "default", "package.json"), "utf8"));
    for (const f of [pkg.main, pkg.module, pkg.types]) assert.ok(fs.existsSync(path.join(SITES, "default", f)), f);
    assert.match(fs.readFileSync(path.join(SITES, "default", "papersift.d.ts"), "utf8"), /export function search/);
  });
});

describe("text and theme", () => {
  test("every UI string can be replaced, for other languages", async () => {
    const page = await openPage(browser, custom.url + "german.html");
    await widgetState(page);
    assert.equal(await searchBox(page).getAttribute("placeholder"), "Artikel durchsuchen…");
    assert.equal(await page.locator("papersift-search [role=listbox]").getAttribute("aria-label"), "Artikelsuche");
    assert.equal(await statusText(page), "64 Artikel durchsuchen.");
    await searchBox(page).fill("batch");
    await page.locator("papersift-search [role=option]").first().waitFor();
    assert.match(await statusText(page), /^\d+ Treffer$/);
    await searchBox(page).fill("qqqqqq ");
    await page.waitForFunction(() => document.querySelector("papersift-search").shadowRoot.querySelector(".status").textContent.startsWith("Keine"));
    assert.equal(await statusText(page), "Keine Treffer für „qqqqqq “.");
    await page.context().close();
  });

  test("follows a dark colour scheme", async () => {
    const page = await openPage(browser, http.url, { colorScheme: "dark" });
    await widgetState(page);
    const bg = await searchBox(page).evaluate((e) => getComputedStyle(e).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 150, `dark background, got ${bg}`);
    await searchBox(page).fill("attention");
    await page.locator("papersift-search [role=option]").first().waitFor();
    await screenshot(page, "dark");
    await page.context().close();
  });
});

describe("states", () => {
  test("shows that it is loading until the engine arrives", async () => {
    const page = await openPage(browser, "about:blank");
    let release;
    const gate = new Promise((r) => (release = r));
    await page.route(/papersift-[0-9a-f]{8}\.wasm$/, async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto(http.url);
    await page.locator("papersift-search[data-state=loading]").waitFor();
    assert.equal(await statusText(page), "Loading search…");
    await screenshot(page, "loading");
    release();
    assert.equal(await widgetState(page), "ready");
    await page.context().close();
  });

  test("says there are no results, and offers the correction when there is one", async () => {
    const page = await openPage(browser, http.url);
    await widgetState(page);
    await typeSettled(page, "transfomer ");
    // A typo still finds results; a word far from any gets the suggestion.
    assert.ok((await resultTitles(page)).length > 0);
    await searchBox(page).fill("zzzzqqq ");
    await page.waitForFunction(() => /No results/.test(document.querySelector("papersift-search").shadowRoot.querySelector(".status").textContent));
    await searchBox(page).fill("layer normalizaton xqzvv ");
    await screenshot(page, "no-results");
    await page.context().close();
  });

  test("when the browser refuses WebAssembly under CSP, it says so and the page stays usable", async () => {
    const strict = await serve(path.join(SITES, "default"), {
      "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'",
    });
    try {
      const page = await openPage(browser, strict.url);
      assert.equal(await widgetState(page), "error");
      assert.match(await statusText(page), /Content-Security-Policy does not allow WebAssembly/);
      assert.equal(await page.locator("main article").count(), 64);
      await screenshot(page, "csp-refused");
      await page.context().close();
    } finally {
      await strict.close();
    }
  });
});

describe("history and landing", () => {
  test("coming back to the page restores the query and its results", async () => {
    const page = await openPage(browser, http.url);
    await widgetState(page);
    await searchBox(page).fill("gpipe");
    await page.waitForFunction(() => location.search === "?q=gpipe");
    await page.goto(http.url + "embed.html");
    await page.goBack();
    await widgetState(page);
    assert.equal(await searchBox(page).inputValue(), "gpipe");
    await page.locator("papersift-search [role=option]").first().waitFor();
    assert.equal((await resultTitles(page))[0], GPIPE);
    await page.context().close();
  });

  test("landing on a result highlights the matched words there, until cleared", async () => {
    const page = await openPage(browser, http.url);
    await widgetState(page);
    await searchBox(page).fill("pipeline parallelism");
    await page.locator("papersift-search [role=option]").first().waitFor();
    await searchBox(page).press("Enter");
    await page.waitForFunction((id) => location.hash === "#" + id, GPIPE_ID);
    const count = () => page.evaluate(() => (CSS.highlights.get("papersift-hit") || { size: 0 }).size);
    assert.ok((await count()) >= 4, "title and abstract words highlighted");
    await screenshot(page, "landed");
    const clear = page.locator("papersift-search .clear-highlights");
    assert.ok(await clear.isVisible());
    await clear.click();
    assert.equal(await count(), 0);
    assert.equal(await clear.isVisible(), false);
    await page.context().close();
  });
});

describe("a page's own dark mode", () => {
  const inputBackground = (page) =>
    searchBox(page).evaluate((e) => getComputedStyle(e).backgroundColor.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b));
  test("a class on <html> switches the widget too, whatever the visitor's preference", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const page = await openPage(browser, custom.url + "dark-class.html", { colorScheme });
      await widgetState(page);
      assert.ok((await inputBackground(page)) > 600, `light page, ${colorScheme} preference`);
      await page.evaluate(() => document.documentElement.classList.add("dark"));
      await page.waitForFunction(() => document.querySelector("papersift-search").getAttribute("data-theme") === "dark");
      assert.ok((await inputBackground(page)) < 150, `dark page, ${colorScheme} preference`);
      await searchBox(page).fill("attention");
      await page.locator("papersift-search [role=option]").first().waitFor();
      const title = await page.locator("papersift-search [role=option] .title").first().evaluate((e) => getComputedStyle(e).color);
      assert.ok(title.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b) > 400, `a readable title on dark, got ${title}`);
      if (colorScheme === "light") await screenshot(page, "dark-class");
      await page.context().close();
    }
  });
});

describe("small screens", () => {
  test("works at 360 px by touch, without sideways scrolling", async () => {
    const page = await openPage(browser, http.url, { viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
    await widgetState(page);
    await searchBox(page).tap();
    await page.keyboard.type("gpipe");
    const first = page.locator("papersift-search [role=option]").first();
    await first.waitFor();
    const box = await first.boundingBox();
    assert.ok(box.width <= 360 && box.height >= 44, `tap target ${box.width}x${box.height}`);
    assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= 360), "no sideways scroll");
    await screenshot(page, "small-screen");
    await first.tap();
    await page.waitForFunction((id) => location.hash === "#" + id, GPIPE_ID);
    await page.context().close();
  });

  test("an archive's filter leaves the first result high on a phone", async () => {
    const days = await serve(path.join(SITES, "days"));
    const page = await openPage(browser, days.url, { viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
    await widgetState(page);
    await searchBox(page).fill("graphs");
    const first = page.locator("papersift-search [role=option]").first();
    await first.waitFor();
    const { y } = await first.boundingBox();
    assert.ok(y <= 210, `first result at y = ${y}`);
    assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= 360), "no sideways scroll");
    await screenshot(page, "small-screen-archive");
    await page.context().close();
    await days.close();
  });

  test("the modal fits a small screen and closes with its button", async () => {
    const page = await openPage(browser, http.url + "embed.html", { viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
    await widgetState(page);
    await page.locator("papersift-search .opener").tap();
    await page.locator("papersift-search .dialog").waitFor({ state: "visible" });
    assert.equal(await page.locator("papersift-search .opener kbd").isVisible(), false, "no Ctrl K hint on a touch screen");
    const panel = await page.locator("papersift-search .dialog .panel").boundingBox();
    assert.ok(panel.x >= 0 && panel.x + panel.width <= 360, "panel inside the screen");
    await page.locator("papersift-search .closer").tap();
    await page.locator("papersift-search .dialog").waitFor({ state: "hidden" });
    await page.context().close();
  });
});

describe("under a strict CSP", () => {
  test("the split site works too, fetching parts under connect-src 'self'", async () => {
    const strict = await serve(path.join(SITES, "split"), { "content-security-policy": CSP });
    try {
      const page = await openPage(browser, strict.url);
      await widgetState(page);
      await searchBox(page).fill("layer normalization");
      await page.locator("papersift-search [role=option]").first().waitFor();
      assert.equal((await resultTitles(page))[0], "Layer Normalization");
      assert.deepEqual(page.problems, []);
      await page.context().close();
    } finally {
      await strict.close();
    }
  });

  test("file:// pages load the engine from the base64 copy", async () => {
    const page = await openPage(browser, pathToFileURL(path.join(SITES, "default", "embed.html")).href);
    assert.equal(await widgetState(page), "ready");
    await page.keyboard.press("Control+k");
    await searchBox(page).pressSequentially("layer norm");
    await page.locator("papersift-search [role=option]").first().waitFor();
    assert.equal((await resultTitles(page))[0], "Layer Normalization");
    await page.context().close();
  });
});
