// The results experience on a real site (issue #15): a slow engine, every
// result reachable, popups that behave, a hostile host stylesheet, quiet
// announcements, links from any page, small screens, translated strings,
// recent searches. Each item runs over http and from file:// where the
// two can differ.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { SITES, serve, launch, openPage, widgetState, searchBox, resultTitles, statusText, screenshot, copySite, GPIPE, GPIPE_ID } from "./harness.mjs";

const KEYS = [...fs.readFileSync(path.resolve("../../www/src/strings.js"), "utf8").matchAll(/^\s+"?([a-z-]+)"?:/gm)].map((m) => m[1]);
const HOSTILE_CSS =
  "* { text-transform: uppercase !important; letter-spacing: .1em !important; font-family: monospace !important; font-size: 30px !important;" +
  " font-style: italic !important; line-height: 3 !important; word-spacing: 1em !important; text-align: right !important; white-space: pre !important;" +
  " color: rgb(1, 2, 3) !important; text-shadow: 2px 2px red !important; } html { font-size: 8px !important; }";

let browser;
let server;
let dir;
before(async () => {
  browser = await launch();
  dir = copySite("default");
  const page = (name, body, head = "") => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    const icon = name.includes("/") ? "../favicon.svg" : "favicon.svg";
    fs.writeFileSync(
      path.join(dir, name),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${name}</title><link rel="icon" href="${icon}">${head}</head><body>${body}</body></html>`
    );
  };
  // The README's first snippet, as written, on a page other than the digest.
  page("other.html", '<h1>Notes</h1>\n<script src="papersift.js" defer></script>\n<papersift-search></papersift-search>\n<p><a id="after" href="#x">a link after the search</a></p>');
  page("notes/page.html", '<papersift-search></papersift-search>', '<script src="../papersift.js" defer></script>');
  page("notes/results-page.html", '<papersift-search results-page="../index.html"></papersift-search>', '<script src="../papersift.js" defer></script>');
  page("paged.html", '<papersift-search limit="3"></papersift-search>', '<script src="papersift.js" defer></script>');
  const two = '<papersift-search id="inline" style="--papersift-font: Georgia, serif"></papersift-search><papersift-search id="modal" mode="modal"></papersift-search>';
  page("plain-css.html", two, '<script src="papersift.js" defer></script>');
  page("hostile-css.html", two, '<script src="papersift.js" defer></script><link rel="stylesheet" href="hostile.css">');
  fs.writeFileSync(path.join(dir, "hostile.css"), HOSTILE_CSS);
  const texts = KEYS.map((k) => `text-${k}="«${k}»${k === "did-you-mean" ? " {q}" : ""}"`).join(" ");
  page("strings.html", `<papersift-search mode="modal" limit="5" ${texts}></papersift-search>`, '<script src="papersift.js" defer></script>');
  page("no-hotkeys.html", '<papersift-search mode="modal" no-hotkeys></papersift-search>', '<script src="papersift.js" defer></script>');
  page("no-recent.html", '<papersift-search no-recent></papersift-search>', '<script src="papersift.js" defer></script>');
  server = await serve(dir);
});
after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const origins = {
  "over http": (name) => server.url + name,
  "from file://": (name) => pathToFileURL(path.join(dir, name)).href,
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const options = (page, sel = "papersift-search") => page.locator(`${sel} [role=option]`);

/** Where the focus is, looking inside shadow roots: is it in the widget's dialog, and what is it. */
const focusInfo = (page) =>
  page.evaluate(() => {
    let at = document.activeElement;
    while (at && at.shadowRoot && at.shadowRoot.activeElement) at = at.shadowRoot.activeElement;
    return { inDialog: !!(at && at.closest && at.closest("dialog")), what: at ? at.className || at.tagName : null };
  });

for (const [how, url] of Object.entries(origins)) {
  describe(`on a real site ${how}`, () => {
    test("a query typed while the engine is still loading is searched once it arrives", async () => {
      const page = await openPage(browser, "about:blank");
      await page.route(/papersift(-[0-9a-f]{8}\.wasm|_bg\.wasm\.js)$/, async (route) => {
        await sleep(2000);
        await route.continue();
      });
      await page.goto(url("index.html"), { waitUntil: "domcontentloaded" });
      await searchBox(page).pressSequentially("gpipe");
      assert.equal(await page.getAttribute("papersift-search", "data-state"), "loading", "typed before the engine was ready");
      assert.equal(await widgetState(page), "ready");
      await options(page).first().waitFor();
      assert.equal((await resultTitles(page))[0], GPIPE);
      assert.match(await statusText(page), /^\d+ results?$/);
      await page.context().close();
    });

    test("a broad query shows ten results and “Show all N results”, which opens every one by keyboard", async () => {
      const page = await openPage(browser, url("index.html"));
      await widgetState(page);
      // 55 papers hold "learn…" or "model…" word for word; one "Show all" (50 more) shows them all.
      const total = await page.evaluate(async () => (await papersift.search("learning model", { limit: 1 })).total);
      assert.ok(total >= 40 && total <= 60, `“learning model” matches ${total} papers`);
      const box = searchBox(page);
      await box.fill("learning model");
      const more = page.locator("papersift-search [role=option].more");
      await more.waitFor();
      assert.equal(await options(page).count(), 11);
      assert.equal(await more.textContent(), `Show all ${total} results`);
      await box.press("ArrowUp"); // from the box, up goes to the last option
      assert.equal(await box.getAttribute("aria-activedescendant"), await more.getAttribute("id"));
      await box.press("Enter");
      await page.waitForFunction((n) => document.querySelector("papersift-search").shadowRoot.querySelectorAll("[role=option]").length === n, total);
      assert.equal(await more.count(), 0, "every result is shown: nothing more to show");
      assert.equal(await box.getAttribute("aria-activedescendant"), await options(page).nth(10).getAttribute("id"), "the first new result is active");
      // The same rendering as the short list: title, excerpt, matched words marked.
      const rows = await page.evaluate(() =>
        [...document.querySelector("papersift-search").shadowRoot.querySelectorAll("[role=option]")].map((o) => ({
          title: o.querySelector(".title").textContent,
          excerpt: o.querySelector(".excerpt").textContent,
          marks: [...o.querySelectorAll("mark")].map((m) => m.textContent.toLowerCase()),
        }))
      );
      const expected = await page.evaluate(async (n) =>
        (await papersift.search("learning model", { limit: n })).results.map((h) => ({
          title: h.title,
          excerpt: h.excerpt.text,
          marks: [...h.titleHighlights.map(([s, e]) => h.title.slice(s, e)), ...h.excerpt.highlights.map(([s, e]) => h.excerpt.text.slice(s, e))].map((m) => m.toLowerCase()),
        })), total);
      assert.deepEqual(rows, expected, "every result, in the engine's order, with its excerpt and marks");
      assert.ok(rows.every((r) => r.title && r.excerpt && r.marks.length), "each has a title, an excerpt and marks");
      for (let i = 0; i < 25; i++) await box.press("ArrowDown");
      const href = await options(page).nth(35).getAttribute("href");
      await box.press("Enter");
      await page.waitForFunction((h) => location.hash === h, href);
      await page.context().close();
    });

    test("a result chosen on a page that is not the digest opens it on the digest page, with or without results-page", async () => {
      for (const name of ["other.html", "notes/page.html", "notes/results-page.html", "embed.html"]) {
        const page = await openPage(browser, url(name));
        await widgetState(page);
        if (name === "embed.html") await page.keyboard.press("Control+k");
        await searchBox(page).pressSequentially("gpipe");
        await options(page).first().waitFor();
        await searchBox(page).press("Enter");
        await page.waitForURL(url("index.html") + "#" + GPIPE_ID);
        await page.locator(`#${GPIPE_ID}`).waitFor();
        assert.deepEqual(page.problems, [], name);
        await page.context().close();
      }
    });

    test("the inline list closes on a click elsewhere and when Tab leaves, and opens again on focus", async () => {
      const page = await openPage(browser, url("other.html"));
      await widgetState(page);
      const box = searchBox(page);
      const list = page.locator("papersift-search [role=listbox]");
      await box.fill("gpipe");
      await list.waitFor();
      await page.locator("h1").click();
      assert.equal(await list.isVisible(), false, "closed by a click elsewhere");
      assert.equal(await box.getAttribute("aria-expanded"), "false");
      await box.click();
      await list.waitFor();
      assert.equal(await box.getAttribute("aria-expanded"), "true");
      await box.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement.id), "after");
      assert.equal(await list.isVisible(), false, "closed when the focus left");
      await page.keyboard.press("Shift+Tab");
      await list.waitFor();
      assert.equal(await box.inputValue(), "gpipe");
      await page.context().close();
    });

    test("the modal keeps Tab inside, shows one close control and returns the focus to its opener", async () => {
      const page = await openPage(browser, url("embed.html"));
      await widgetState(page);
      const opener = page.locator("papersift-search .opener");
      await opener.click();
      await searchBox(page).pressSequentially("gpipe");
      await options(page).first().waitFor();
      assert.ok(await page.locator("papersift-search dialog").evaluate((d) => d.matches(":modal")), "a modal dialog: the page behind is inert");
      const seen = new Set();
      for (const key of [...Array(6).fill("Tab"), ...Array(6).fill("Shift+Tab")]) {
        await page.keyboard.press(key);
        const at = await focusInfo(page);
        assert.ok(at.inDialog, `${key} moved the focus out of the dialog, to ${at.what}`);
        seen.add(at.what);
      }
      assert.deepEqual([...seen].sort(), ["INPUT", "closer"]);
      const buttons = page.locator("papersift-search dialog button:visible");
      assert.equal(await buttons.count(), 1, "one close control");
      assert.equal(await buttons.getAttribute("aria-label"), "Close search");
      assert.notEqual(await searchBox(page).getAttribute("type"), "search", "no browser clear button beside it");
      await screenshot(page, "modal-one-close");
      for (let i = 0; i < 3; i++) await page.keyboard.press("Escape");
      await page.locator("papersift-search dialog").waitFor({ state: "hidden" });
      assert.equal((await focusInfo(page)).what, "opener", "the focus is back on the open button");
      await page.context().close();
    });

    test("recent searches are kept in this browser, shown on focus with an empty box, and removable", async () => {
      const page = await openPage(browser, url("index.html"));
      await widgetState(page);
      const box = searchBox(page);
      await box.fill("gpipe");
      await options(page).first().waitFor();
      await box.press("Enter");
      await page.waitForFunction((id) => location.hash === "#" + id, GPIPE_ID);
      await page.goto(url("index.html"));
      await widgetState(page);
      await box.focus();
      await page.locator("papersift-search .recent").waitFor();
      assert.equal(await page.locator("papersift-search .recent-heading").textContent(), "Recent searches");
      assert.deepEqual(await page.locator("papersift-search .recent-query").allTextContents(), ["gpipe"]);
      await box.press("ArrowDown");
      await page.keyboard.press("Enter");
      await options(page).first().waitFor();
      assert.equal(await box.inputValue(), "gpipe");
      assert.equal((await resultTitles(page))[0], GPIPE);
      await box.fill("");
      const remove = page.locator("papersift-search .recent-remove");
      assert.equal(await remove.getAttribute("aria-label"), "Remove “gpipe” from recent searches");
      await remove.click();
      assert.equal(await page.locator("papersift-search .recent").isVisible(), false);
      assert.equal(await page.evaluate(() => localStorage.getItem("papersift-recent")), null, "nothing left in the browser");
      await page.context().close();
    });
  });
}

describe("the results experience", () => {
  test("a correctly spelled word finds only the papers holding a form of it, with no “did you mean”", async () => {
    const page = await openPage(browser, server.url + "index.html");
    await widgetState(page);
    // The papers holding a form of “learn”, counted on the page itself.
    const holding = await page.evaluate(() =>
      [...document.querySelectorAll("main article")].filter((a) => /\blearn/i.test(a.textContent)).map((a) => a.id)
    );
    assert.ok(holding.length > 20 && holding.length < 64, `${holding.length} papers hold “learn”`);
    const answer = await page.evaluate(async () => papersift.search("learning ", { limit: 1000 }));
    assert.equal(answer.total, holding.length, "no typo neighbours (“leaning”, “meaning”) pad the results");
    assert.deepEqual(answer.results.map((h) => h.id).sort(), [...holding].sort());
    assert.equal(answer.suggestion, null);
    await searchBox(page).fill("learning ");
    await page.waitForFunction((n) => document.querySelector("papersift-search").shadowRoot.querySelector(".status").textContent === `${n} results`, holding.length);
    assert.equal(await page.locator("papersift-search .suggestion").count(), 0);
    await page.context().close();
  });

  test("a word matched only by its typos shows “Did you mean” above the results, and the correction searches when clicked", async () => {
    const page = await openPage(browser, server.url + "index.html");
    await widgetState(page);
    await searchBox(page).fill("permuation group ");
    const button = page.locator("papersift-search .suggestion");
    await button.waitFor();
    assert.equal(await button.textContent(), "permutation group");
    assert.ok((await resultTitles(page)).length > 0, "the results stay, under the suggestion");
    assert.match(await statusText(page), /^\d+ results? Did you mean permutation group\?$/);
    await button.click();
    await page.waitForFunction(() => document.querySelector("papersift-search").shadowRoot.querySelector("input").value === "permutation group");
    await page.waitForFunction(() => !document.querySelector("papersift-search").shadowRoot.querySelector(".suggestion"));
    assert.match((await resultTitles(page))[0], /Permutation/);
    await page.context().close();
  });

  test("with limit=3, “Show all” then “Show more” load the results page by page, by mouse", async () => {
    const page = await openPage(browser, server.url + "paged.html");
    await widgetState(page);
    const total = await page.evaluate(async () => (await papersift.search("learning model", { limit: 1 })).total);
    assert.ok(total > 53, `“learning model” matches ${total}`);
    await searchBox(page).fill("learning model");
    const more = page.locator("papersift-search [role=option].more");
    await more.waitFor();
    assert.equal(await options(page).count(), 4);
    assert.equal(await more.textContent(), `Show all ${total} results`);
    await more.click();
    await page.waitForFunction(() => document.querySelector("papersift-search").shadowRoot.querySelectorAll("[role=option]").length === 54);
    assert.equal(await more.textContent(), `Show more (53 of ${total} shown)`);
    await more.click();
    await page.waitForFunction((n) => document.querySelector("papersift-search").shadowRoot.querySelectorAll("[role=option]").length === n, total);
    assert.equal(await more.count(), 0);
    assert.equal(await searchBox(page).evaluate((e) => e.getRootNode().activeElement === e), true, "the focus stays in the box");
    const last = options(page).nth(total - 1);
    const id = (await last.getAttribute("href")).split("#")[1];
    await last.click();
    await page.waitForURL(server.url + "index.html#" + id);
    await page.context().close();
  });

  test("a hostile host stylesheet changes nothing inside the widget, and --papersift-font always wins", async () => {
    const props = ["fontFamily", "fontSize", "fontStyle", "letterSpacing", "wordSpacing", "textTransform", "lineHeight", "textAlign", "whiteSpace", "color", "textShadow"];
    const look = async (name) => {
      const page = await openPage(browser, server.url + name);
      await widgetState(page, "#inline");
      await searchBox(page, "#inline").fill("learning");
      await page.locator("#inline .more").waitFor();
      const styles = await page.evaluate((props) => {
        const pick = (node) => Object.fromEntries(props.map((p) => [p, getComputedStyle(node)[p]]));
        const [inline, modal] = ["inline", "modal"].map((id) => document.getElementById(id).shadowRoot);
        return {
          title: pick(inline.querySelector(".title")),
          excerpt: pick(inline.querySelector(".excerpt")),
          input: pick(inline.querySelector("input")),
          status: pick(inline.querySelector(".status")),
          more: pick(inline.querySelector(".more")),
          opener: pick(modal.querySelector(".opener")),
          hotkey: pick(modal.querySelector("kbd")),
        };
      }, props);
      if (name.startsWith("hostile")) await screenshot(page, "hostile-host-css");
      await page.context().close();
      return styles;
    };
    const plain = await look("plain-css.html");
    const hostile = await look("hostile-css.html");
    assert.deepEqual(hostile, plain);
    assert.equal(hostile.title.fontFamily, "Georgia, serif");
    assert.equal(hostile.input.fontFamily, "Georgia, serif");
    assert.match(hostile.opener.fontFamily, /^system-ui/);
    assert.equal(hostile.title.textTransform, "none");
    assert.equal(hostile.input.fontSize, "16px");
  });

  test("the live region speaks once typing settles, and papersift-results fires once per settled query", async () => {
    const page = await openPage(browser, server.url + "index.html");
    await widgetState(page);
    await page.evaluate(() => {
      window.heard = [];
      window.shown = [];
      window.fired = [];
      const w = document.querySelector("papersift-search");
      const watch = (node, into) =>
        new MutationObserver(() => node.textContent && into.push(node.textContent)).observe(node, { childList: true, characterData: true, subtree: true });
      watch(w.shadowRoot.querySelector("[role=status]"), heard);
      watch(w.shadowRoot.querySelector(".status"), shown);
      w.addEventListener("papersift-results", (e) => fired.push(e.detail));
    });
    await searchBox(page).pressSequentially("reinforcement", { delay: 20 });
    await page.waitForFunction(() => window.fired.length > 0);
    await sleep(800); // nothing more comes
    const status = await statusText(page);
    const total = Number(status.match(/^(\d+) results?$/)[1]);
    const got = await page.evaluate(() => ({ heard, shown, fired }));
    assert.ok(new Set(got.shown).size > 1, `the visible status followed each keystroke: ${got.shown}`);
    assert.deepEqual(got.heard, [status], "announced once");
    assert.deepEqual(got.fired, [{ query: "reinforcement", total }], "reported once");
    await searchBox(page).fill("gpipe");
    await page.waitForFunction(() => window.fired.length === 2);
    assert.equal((await page.evaluate(() => fired[1])).query, "gpipe");
    await page.context().close();
  });

  test("at 360 px the results are compact: at least four fit, their excerpts cut short", async () => {
    const page = await openPage(browser, server.url + "index.html", { viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
    await widgetState(page);
    await searchBox(page).tap();
    await page.keyboard.type("learning");
    await options(page).nth(5).waitFor();
    const fit = await page.evaluate(() => {
      const root = document.querySelector("papersift-search").shadowRoot;
      const list = root.querySelector("[role=listbox]").getBoundingClientRect();
      const rows = [...root.querySelectorAll("[role=option]:not(.more)")];
      return {
        whole: rows.filter((o) => {
          const r = o.getBoundingClientRect();
          return r.top >= Math.max(0, list.top) - 1 && r.bottom <= Math.min(innerHeight, list.bottom) + 1;
        }).length,
        cut: rows.filter((o) => o.querySelector(".excerpt").scrollHeight > o.querySelector(".excerpt").clientHeight + 1).length,
      };
    });
    assert.ok(fit.whole >= 4, `${fit.whole} results fit`);
    assert.ok(fit.cut > 0, "long excerpts are cut");
    assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= 360), "no sideways scroll");
    await screenshot(page, "small-screen-compact");
    await page.context().close();
  });

  test("every string the widget shows can be translated, the hotkey hint included", async () => {
    const page = await openPage(browser, "about:blank");
    await page.evaluate(() => 0);
    await page.goto(server.url + "strings.html");
    await page.evaluate(() => localStorage.setItem("papersift-recent", JSON.stringify(["gpipe"])));
    await widgetState(page);
    const untranslated = () =>
      page.evaluate(() => {
        const out = [];
        const walk = (node) => {
          for (const c of node.childNodes) {
            if (c.nodeType === Node.TEXT_NODE && c.data.trim()) out.push(c.data.trim());
            // Titles, excerpts, queries and dates (shown by Intl in the visitor's locale) are data, not UI strings.
            if (c.nodeType !== Node.ELEMENT_NODE || c.matches(".title, .excerpt, .date, .recent-query, style, link")) continue;
            for (const a of ["aria-label", "placeholder", "title"]) if (c.hasAttribute(a)) out.push(c.getAttribute(a));
            walk(c);
          }
        };
        walk(document.querySelector("papersift-search").shadowRoot);
        return out.filter((s) => !s.includes("«") && s !== "×");
      });
    assert.equal(await page.locator("papersift-search kbd").textContent(), "«hotkey»");
    await page.locator("papersift-search .opener").click();
    await page.locator("papersift-search .recent").waitFor();
    assert.deepEqual(await untranslated(), [], "closed, then open with recent searches");
    await searchBox(page).fill("learning model");
    await page.locator("papersift-search .more").click();
    await page.locator("papersift-search [role=option]").nth(20).waitFor();
    assert.deepEqual(await untranslated(), [], "results and the full view");
    await searchBox(page).fill("qqqqqqqq");
    await page.waitForFunction(() => document.querySelector("papersift-search").shadowRoot.querySelector(".status").textContent.includes("«no-results»"));
    await sleep(500);
    assert.deepEqual(await untranslated(), [], "no results");
    await page.context().close();
  });

  test("no-hotkeys hides the hotkey hint and turns the hotkeys off", async () => {
    const page = await openPage(browser, server.url + "no-hotkeys.html");
    await widgetState(page);
    assert.equal(await page.locator("papersift-search kbd").count(), 0);
    assert.equal(await page.locator("papersift-search .opener").getAttribute("aria-keyshortcuts"), null);
    await page.keyboard.press("Control+k");
    await page.keyboard.press("/");
    assert.equal(await page.locator("papersift-search dialog").isVisible(), false);
    await page.context().close();
  });

  test("no-recent keeps no recent searches and shows none", async () => {
    const page = await openPage(browser, server.url + "no-recent.html");
    await widgetState(page);
    await page.evaluate(() => localStorage.setItem("papersift-recent", JSON.stringify(["kept by another page"])));
    await searchBox(page).focus();
    await sleep(200);
    assert.equal(await page.locator("papersift-search .recent").isVisible(), false);
    await searchBox(page).fill("gpipe");
    await options(page).first().waitFor();
    await searchBox(page).press("Enter");
    await page.waitForURL(server.url + "index.html#" + GPIPE_ID);
    assert.equal(await page.evaluate(() => localStorage.getItem("papersift-recent")), JSON.stringify(["kept by another page"]));
    await page.context().close();
  });

  test("the README documents every text-* attribute and the new attributes", () => {
    const readme = fs.readFileSync(path.resolve("../../README.md"), "utf8");
    const missing = [...KEYS.map((k) => `text-${k}`), "no-recent", "no-hotkeys", "no-meaning", "results-page", "papersift-results"].filter((a) => !readme.includes("`" + a));
    assert.deepEqual(missing, []);
    assert.ok(KEYS.length >= 20, `found ${KEYS.length} strings in strings.js`);
  });

  test("passes axe-core with the full results view, the recent searches and the modal open", async () => {
    const axe = path.resolve("node_modules/axe-core/axe.min.js");
    const page = await openPage(browser, server.url + "index.html");
    await widgetState(page);
    await page.evaluate(() => localStorage.setItem("papersift-recent", JSON.stringify(["gpipe", "<b>layer</b> norm"])));
    await page.addScriptTag({ path: axe });
    const check = async (state) => {
      const result = await page.evaluate(() => axe.run(document));
      assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help}`), [], state);
    };
    await searchBox(page).focus();
    await page.locator("papersift-search .recent").waitFor();
    await check("recent searches");
    await searchBox(page).fill("learning");
    await page.locator("papersift-search .more").click();
    await options(page).nth(20).waitFor();
    await searchBox(page).press("ArrowDown");
    await check("full results view");
    await page.goto(server.url + "embed.html");
    await widgetState(page);
    await page.addScriptTag({ path: axe });
    await page.keyboard.press("Control+k");
    await searchBox(page).fill("gpipe");
    await options(page).first().waitFor();
    await check("modal with results");
    await page.context().close();
  });
});
