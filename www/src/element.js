// The <papersift-search> element: its state, its events, and each search
// from the box to the listbox. Its shadow DOM is built by dom.js, the
// engine comes from loader.js, popups from popup.js, keys from keys.js,
// recent searches from recent.js, links and landing from landing.js, the
// date filter and sort (an archive's) from filter.js.

let uid = 0;
/** Quiet time after the last keystroke before the outcome is announced. */
const SETTLE_MS = 400;
/** Results added by each "Show all" / "Show more". */
const PAGE = 50;
/** Queries of at most this many words get "Did you mean" above their results. */
const SUGGEST_WORDS = 3;
/** The most results the engine returns for one search. */
const MAX_RESULTS = 1000;

class PapersiftSearch extends HTMLElement {
  connectedCallback() {
    if (!this.shadowRoot) {
      this.id_ = "ps" + ++uid;
      this.modal = this.getAttribute("mode") === "modal";
      const limit = Math.floor(Number(this.getAttribute("limit")));
      this.limit = limit >= 1 ? Math.min(limit, MAX_RESULTS) : 10;
      this.want = this.limit; // results asked for: more in the full view
      this.hits = [];
      this.active = -1;
      this.engine = null;
      buildDom(this);
      this.bindEvents();
      this.themeObserver = watchTheme(this);
      this.connectEngine();
    }
    document.addEventListener("keydown", this.onGlobalKey);
    document.addEventListener("pointerdown", this.onOutside);
    window.addEventListener("popstate", this.onPop);
    document.addEventListener("visibilitychange", this.onVisible);
  }

  disconnectedCallback() {
    document.removeEventListener("visibilitychange", this.onVisible);
    document.removeEventListener("keydown", this.onGlobalKey);
    document.removeEventListener("pointerdown", this.onOutside);
    window.removeEventListener("popstate", this.onPop);
  }

  bindEvents() {
    bindPopup(this);
    bindRecent(this);
    this.clearButton.addEventListener("click", () => clearLanding(this));
    this.input.addEventListener("input", () => {
      clearTimeout(this.settleTimer);
      this.update(true);
      showRecent(this, !this.input.value);
    });
    this.input.addEventListener("keydown", (e) => onKey(this, e));
    // A visitor back on a page loaded before the site's last publish
    // searches the new index (a conditional request: cheap when unchanged).
    this.input.addEventListener("focus", () => this.refresh());
    this.list.addEventListener("click", (e) => {
      const option = e.target.closest("[role=option]");
      if (!option) return;
      // A result is a link: a modified or middle click is the browser's
      // (new tab, new window); a plain click opens it here.
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || e.button !== 0) {
        rememberRecent(this, this.input.value);
        return;
      }
      e.preventDefault();
      this.activate(this.options().indexOf(option), false);
    });
    this.onGlobalKey = (e) => globalKey(this, e);
    this.onVisible = () => document.visibilityState === "visible" && this.refresh();
    this.onPop = () => this.readUrl() && this.update(false);
  }

  /** Loads the engine (once per page and index) and says how that went. */
  connectEngine() {
    this.setStatus(this.t("loading"));
    this.setAttribute("data-state", "loading");
    this.indexUrl = indexAddress(this.getAttribute("index"));
    loadEngine(this.indexUrl).then(
      (engine) => {
        if (engine.isSplit && !partsReachable()) {
          this.fail(this.t("split-from-disk"));
          return;
        }
        this.engine = engine;
        buildFilter(this, engine.dates);
        this.setAttribute("data-state", "ready");
        // Nothing typed is lost: what the box holds now (typed while the
        // engine loaded, or else ?q=) is searched now.
        this.readUrl(true);
        this.update(false);
      },
      (error) => {
        this.fail(this.t("error", { message: messageOf(error) }));
        console.error("papersift:", error);
      }
    );
  }

  /**
   * Searches the site's newest index if it was published again since this
   * page loaded it; resolves to whether it was. An index this page's engine
   * cannot read (the engine changed too) offers a reload.
   */
  async refresh() {
    if (!this.engine) return false;
    let engine;
    try {
      engine = await refreshEngine(this.indexUrl);
    } catch (error) {
      console.warn("papersift: the site's new index needs a reload:", error);
      this.offerReload();
      return false;
    }
    if (!engine || engine === this.engine || !this.engine) return false;
    this.engine = engine;
    this.update(false);
    return true;
  }

  /** The element cannot search: says why, at once, to everyone. */
  fail(message) {
    this.engine = null;
    this.setAttribute("data-state", "error");
    this.setStatus(message, true);
    this.live.textContent = message;
  }

  /** A UI string: the `text-<key>` attribute, or the English default. */
  t(key, vars) {
    let s = this.getAttribute("text-" + key);
    if (s === null) s = STRINGS[key];
    for (const [k, v] of Object.entries(vars || {})) s = s.split("{" + k + "}").join(String(v));
    return s;
  }

  setStatus(text, isError) {
    this.status.textContent = text;
    this.status.classList.toggle("error", !!isError);
  }

  /**
   * Puts ?q= in the box (unless `keepTyped` and the box holds something),
   * and ?from=&to=&sort= in the filter; says whether that changed either.
   */
  readUrl(keepTyped) {
    const params = new URLSearchParams(location.search);
    const changed = readFilterUrl(this, params);
    const q = params.get("q");
    if (q === null || q === this.input.value || (keepTyped && this.input.value)) return changed;
    this.input.value = q;
    if (this.modal && q) this.open();
    return true;
  }

  /** The query and the filter into the address: a new history entry if `push` (a filter chosen), else in place (typing). */
  writeUrl(push) {
    if (this.hasAttribute("no-url")) return;
    const url = new URL(location.href);
    const q = this.input.value;
    if (q) url.searchParams.set("q", q);
    else url.searchParams.delete("q");
    writeFilterUrl(this, url);
    if (url.href !== location.href) {
      try {
        history[push ? "pushState" : "replaceState"](history.state, "", url.href);
      } catch (_) {
        // Some file:// pages refuse replaceState; the search still works.
      }
    }
  }

  /** A filter or the sort was chosen: a new history entry, and the search again. */
  changeFilter() {
    this.notice.textContent = "";
    this.writeUrl(true);
    this.update(false);
  }

  /** Searches for what the box holds; `more`: the same query, more results (no new announcement). */
  async update(fromTyping, more) {
    const q = this.input.value;
    const seq = (this.seq = (this.seq || 0) + 1);
    if (!more) this.want = this.limit; // a new query starts short
    if (fromTyping) this.writeUrl();
    if (!this.engine) return;
    if (!q.trim()) {
      this.render([], 0);
      showCounts(this, null);
      this.setStatus(this.t("empty", { n: this.engine.size }));
      return;
    }
    let answer;
    try {
      const stale = () => seq !== this.seq;
      const options = { limit: this.want, meaning: !this.hasAttribute("no-meaning"), ...filterOptions(this) };
      const early = (first) => stale() || this.show(first, q, more, false);
      const searching = () => stale() || this.setStatus(this.t("searching"));
      answer = await searchWithParts(this.engine, q, options, searching, stale, early);
    } catch (error) {
      if (seq === this.seq) this.failedSearch(error);
      return;
    }
    if (!answer || seq !== this.seq) return; // a newer query is on its way
    this.show(answer, q, more, true);
  }

  /** Shows an answer: early (by the words, meaning on its way) or final; a chosen result stays chosen. */
  show(answer, q, more, final) {
    const active = this.shownQuery === q && this.hits[this.active];
    this.shownQuery = q;
    this.render(answer.results, answer.total);
    const again = active ? this.hits.findIndex((hit) => hit.id === active.id) : -1;
    if (again >= 0) this.select(again);
    showCounts(this, answer);
    if (this.hits.length === 0) {
      this.setStatus(this.t("no-results", { q }));
    } else {
      this.setStatus(answer.total === 1 ? this.t("result") : this.t("results", { n: answer.total }));
    }
    // Above the results too, for a short query whose word matched only by
    // its typos ("permuation group"); a description in the visitor's own
    // words ("when the outer derivative blows up") uses plain English that
    // the papers may not, and is not rewritten word by word.
    const short = q.trim().split(/\s+/).length <= SUGGEST_WORDS;
    if (answer.suggestion && (this.hits.length === 0 || short)) this.suggest(answer.suggestion);
    if (!more && final) this.settle(q, answer.total);
  }

  /**
   * Once typing has settled, tells screen readers how the search went and
   * fires `papersift-results`: once per query, not once per keystroke.
   */
  settle(query, total) {
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.live.textContent = this.status.textContent;
      this.dispatchEvent(new CustomEvent("papersift-results", { detail: { query, total } }));
    }, SETTLE_MS);
  }

  /**
   * The latest search failed: offer a retry; if the part is gone (the site
   * was redeployed since this page loaded), a reload; if the engine broke, stop.
   */
  failedSearch(error) {
    this.render([], 0);
    showCounts(this, null);
    if (!(error instanceof PartError)) {
      // The engine itself failed (a bug): say so, and stop using it.
      console.error("papersift:", error);
      this.fail(this.t("error", { message: messageOf(error) }));
      return;
    }
    if (error.status === 404 || error.status === 410) {
      // The site was published again: search its new index, or reload.
      this.refresh().then((fresh) => fresh || this.offerReload());
      return;
    }
    this.setStatus(this.t("part-error", { message: messageOf(error) }), true);
    this.live.textContent = this.status.textContent;
    const button = el("button", { type: "button", class: "suggestion", text: this.t("retry") });
    button.addEventListener("click", () => {
      this.input.focus();
      this.update(false);
    });
    this.status.append(" ", button);
  }

  /** "This site was updated since the page was loaded", and a Reload that fetches the new page and engine. */
  offerReload() {
    this.render([], 0);
    this.setStatus(this.t("updated"), true);
    this.live.textContent = this.status.textContent;
    const button = el("button", { type: "button", class: "suggestion", text: this.t("reload") });
    // Pages name the engine's script with its version, and a reload
    // revalidates the page itself: the new page brings the new engine.
    button.addEventListener("click", () => location.reload());
    this.status.append(" ", button);
  }

  /** The results as options, and "Show all" / "Show more" when more match. */
  render(hits, total) {
    this.list.replaceChildren();
    this.hits = hits;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    hits.forEach((hit, i) => this.list.append(resultOption(this, hit, i)));
    if (hits.length && hits.length < Math.min(total, MAX_RESULTS)) this.list.append(moreOption(this, hits.length, total));
    this.list.classList.toggle("all", hits.length > this.limit);
    this.showList(hits.length > 0);
  }

  /** "Did you mean {q}?", `{q}` a button that searches for the suggestion. */
  suggest(suggestion) {
    const button = el("button", { type: "button", class: "suggestion", text: suggestion });
    button.addEventListener("click", () => {
      this.input.value = suggestion;
      this.input.focus();
      this.update(true);
    });
    let text = this.t("did-you-mean");
    if (!text.includes("{q}")) text += " {q}?"; // a bare "Did you mean"
    const [before, ...after] = text.split("{q}");
    this.status.append(" ", before, button, after.join(suggestion));
  }

  showList(show) {
    this.list.hidden = !show;
    this.input.setAttribute("aria-expanded", String(show));
    if (show) this.recent.hidden = true;
  }

  move(delta) {
    const n = this.options().length;
    if (!n) return;
    this.select(this.active < 0 ? (delta > 0 ? 0 : n - 1) : (this.active + delta + n) % n);
  }

  /** The listbox's options: the results' links, then "Show all" or "Show more". */
  options() {
    return Array.from(this.list.querySelectorAll("[role=option]"));
  }

  /** Makes option `i` the active one. */
  select(i) {
    this.active = i;
    const options = this.options();
    for (const [j, option] of options.entries()) {
      option.setAttribute("aria-selected", String(j === i));
    }
    const current = options[i];
    this.input.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  }

  /** Option `i` was chosen: a result, or "Show all" / "Show more". */
  activate(i, newTab) {
    if (i < this.hits.length) choose(this, i, newTab);
    else if (i === this.hits.length && this.options()[i]) this.showMore();
  }

  /** The full results view: asks for more results, then moves to the first new one. */
  async showMore() {
    const shown = this.hits.length;
    rememberRecent(this, this.input.value);
    this.want = Math.min(shown + PAGE, MAX_RESULTS);
    await this.update(false, true);
    if (this.hits.length > shown) this.select(shown);
  }

  open() {
    if (this.modal) openDialog(this);
    this.input.focus();
    this.input.select();
  }

  close() {
    if (this.modal && this.dialog.open) {
      this.dialog.close();
      restoreFocus(this);
    }
  }
}
