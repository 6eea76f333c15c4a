// A long archive (issue #12): forty days of one paper, too many for one
// page. The front page shows the newest seven days and a list of every
// day; each day has its page; a result from another day opens on its
// day's page, over http and from file://. Expected pages, ids and titles
// come from the built site's files, never from the widget.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { SITES, serve, launch, openPage, widgetState, searchBox, screenshot } from "./harness.mjs";

const DAYS = path.join(SITES, "days");
const DAY_FILES = fs.readdirSync(path.join(DAYS, "days")).filter((f) => f.endsWith(".html")).sort();
/** The oldest day's page, and its one paper's id and title. */
const OLDEST = DAY_FILES[0];
const [, OLDEST_ID, OLDEST_TITLE] = fs
  .readFileSync(path.join(DAYS, "days", OLDEST), "utf8")
  .match(/<article id="([^"]+)">\n<h2><a href="#[^"]+">([^<]+)<\/a>/);

let browser;
let http;
before(async () => {
  browser = await launch();
  http = await serve(DAYS);
});
after(async () => {
  await browser?.close();
  await http?.close();
});

test("forty days get a page each, and the front page lists them all", () => {
  assert.equal(DAY_FILES.length, 40);
  assert.equal(OLDEST, "2024-12-01.html");
  const front = fs.readFileSync(path.join(DAYS, "index.html"), "utf8");
  assert.equal((front.match(/<article /g) || []).length, 7, "the newest seven days in full");
  assert.equal((front.match(/<li><a href="days\//g) || []).length, 40);
  assert.ok(!front.includes(`id="${OLDEST_ID}"`), "an old paper is on its day's page only");
});

const origins = {
  "over http": (name) => http.url + name,
  "from file://": (name) => pathToFileURL(path.join(DAYS, name)).href,
};

for (const [how, url] of Object.entries(origins)) {
  describe(`a long archive ${how}`, () => {
    test("a result from an old day opens on that day's page, at the paper", async () => {
      const page = await openPage(browser, url("index.html"));
      await widgetState(page);
      await searchBox(page).fill(OLDEST_TITLE);
      const first = page.locator("papersift-search [role=option]").first();
      await first.waitFor();
      assert.equal(await first.locator(".title").textContent(), OLDEST_TITLE);
      await searchBox(page).press("Enter");
      await page.waitForURL(url(`days/${OLDEST}`) + "#" + OLDEST_ID);
      assert.equal(await page.locator(`article#${OLDEST_ID} h2`).textContent(), OLDEST_TITLE);
      await page.context().close();
    });

    test("a day's page searches too, and links to the days beside it", async () => {
      const page = await openPage(browser, url(`days/${DAY_FILES[1]}`));
      await widgetState(page);
      assert.equal(await page.locator("a[rel=prev]").getAttribute("href"), OLDEST);
      assert.equal(await page.locator("a[rel=next]").getAttribute("href"), DAY_FILES[2]);
      await searchBox(page).fill(OLDEST_TITLE);
      await page.locator("papersift-search [role=option]").first().waitFor();
      if (how === "over http") await screenshot(page, "archive-day-page");
      await page.context().close();
    });
  });
}
