// The <papersift-search> element: its state, its events, and each search
// from the box to the listbox. Its shadow DOM is built by dom.js, the
// engine comes from loader.js, landing highlights from landing.js.

let uid = 0;

class PapersiftSearch extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    this.id_ = "ps" + ++uid;
    this.modal = this.getAttribute("mode") === "modal";
    this.limit = Number(this.getAttribute("limit")) || 10;
    this.hits = [];
    this.active = -1;
    this.engine = null;
    this.failed = null;
    buildDom(this);
    this.bindEvents();
    this.connectEngine();
  }

  disconnectedCallback() {
    document.removeEventListener("keydown", this.onGlobalKey);
    window.removeEventListener("popstate", this.onPop);
  }

  bindEvents() {
    if (this.modal) {
      this.opener.addEventListener("click", () => this.open());
      this.closer.addEventListener("click", () => this.close());
      this.dialog.addEventListener("mousedown", (e) => {
        if (e.target === this.dialog) this.close();
      });
    }
    this.clearButton.addEventListener("click", () => clearLanding(this));
    this.input.addEventListener("input", () => this.update(true));
    this.input.addEventListener("keydown", (e) => this.onKey(e));
    this.list.addEventListener("mousedown", (e) => e.preventDefault());
    this.list.addEventListener("click", (e) => {
      const option = e.target.closest("[role=option]");
      if (!option) return;
      e.preventDefault();
      this.choose(Number(option.dataset.index), e.ctrlKey || e.metaKey);
    });
    this.onGlobalKey = (e) => this.globalKey(e);
    document.addEventListener("keydown", this.onGlobalKey);
    this.onPop = () => this.readUrl();
    window.addEventListener("popstate", this.onPop);
  }

  /** Loads the engine (once per page and index) and says how that went. */
  connectEngine() {
    this.setStatus(this.t("loading"));
    this.setAttribute("data-state", "loading");
    loadEngine(this.getAttribute("index")).then(
      (engine) => {
        if (engine.isSplit && location.protocol === "file:") {
          this.failed = this.t("split-from-disk");
          this.setAttribute("data-state", "error");
          this.setStatus(this.failed, true);
          return;
        }
        this.engine = engine;
        this.setAttribute("data-state", "ready");
        this.readUrl();
        if (!this.input.value) this.setStatus(this.t("empty", { n: engine.size }));
      },
      (error) => {
        this.failed = messageOf(error);
        this.setAttribute("data-state", "error");
        this.setStatus(this.t("error", { message: this.failed }), true);
        console.error("papersift:", error);
      }
    );
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

  readUrl() {
    const q = new URLSearchParams(location.search).get("q");
    if (q === null || q === this.input.value) return;
    this.input.value = q;
    if (this.modal && q) this.open();
    this.update(false);
  }

  writeUrl() {
    if (this.hasAttribute("no-url")) return;
    const url = new URL(location.href);
    const q = this.input.value;
    if (q) url.searchParams.set("q", q);
    else url.searchParams.delete("q");
    if (url.href !== location.href) {
      try {
        history.replaceState(history.state, "", url.href);
      } catch (_) {
        // Some file:// pages refuse replaceState; the search still works.
      }
    }
  }

  async update(fromTyping) {
    const q = this.input.value;
    const seq = (this.seq = (this.seq || 0) + 1);
    if (fromTyping) this.writeUrl();
    if (!this.engine) return;
    if (!q.trim()) {
      this.render([], null);
      this.setStatus(this.t("empty", { n: this.engine.size }));
      return;
    }
    let answer;
    try {
      answer = await searchWithParts(this.engine, q, { limit: this.limit }, () => {
        if (seq === this.seq) this.setStatus(this.t("searching"));
      });
    } catch (error) {
      if (seq === this.seq) this.failedSearch(error);
      return;
    }
    if (seq !== this.seq) return; // a newer query is on its way
    this.render(answer.results, answer);
    if (this.hits.length === 0) {
      this.setStatus(this.t("no-results", { q }));
      if (answer.suggestion) this.suggest(answer.suggestion);
    } else {
      this.setStatus(answer.total === 1 ? this.t("result") : this.t("results", { n: answer.total }));
    }
    this.dispatchEvent(new CustomEvent("papersift-results", { detail: { query: q, total: answer.total } }));
  }

  /** The latest search failed: offer a retry, or, if the engine broke, stop. */
  failedSearch(error) {
    this.render([], null);
    if (!(error instanceof PartError)) {
      // The engine itself failed (a bug): say so, and stop using it.
      console.error("papersift:", error);
      this.engine = null;
      this.setAttribute("data-state", "error");
      this.setStatus(this.t("error", { message: messageOf(error) }), true);
      return;
    }
    this.setStatus(this.t("part-error", { message: messageOf(error) }), true);
    const retry = el("button", { type: "button", class: "suggestion", text: this.t("retry") });
    retry.addEventListener("click", () => {
      this.input.focus();
      this.update(false);
    });
    this.status.append(" ", retry);
  }

  render(hits) {
    this.list.replaceChildren();
    this.hits = hits;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    hits.forEach((hit, i) => this.list.append(resultOption(this, hit, i)));
    this.showList(hits.length > 0);
  }

  suggest(suggestion) {
    const button = el("button", { type: "button", class: "suggestion", text: suggestion });
    button.addEventListener("click", () => {
      this.input.value = suggestion;
      this.input.focus();
      this.update(true);
    });
    this.status.append(" ", this.t("did-you-mean"), " ", button, "?");
  }

  resolve(url) {
    const page = this.getAttribute("results-page");
    return page ? new URL(page, location.href).href.split("#")[0] + url : url;
  }

  showList(show) {
    this.list.hidden = !show;
    this.input.setAttribute("aria-expanded", String(show));
  }

  move(delta) {
    if (!this.hits.length) return;
    const n = this.hits.length;
    this.active = this.active < 0 ? (delta > 0 ? 0 : n - 1) : (this.active + delta + n) % n;
    for (const [i, option] of Array.from(this.list.children).entries()) {
      option.setAttribute("aria-selected", String(i === this.active));
    }
    const current = this.list.children[this.active];
    this.input.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  }

  choose(i, newTab) {
    const hit = this.hits[i];
    if (!hit) return;
    const href = this.resolve(hit.url);
    if (newTab) {
      window.open(href, "_blank", "noopener");
      return;
    }
    this.showList(false);
    if (this.modal) this.close();
    const target = new URL(href, location.href);
    if (target.href.split("#")[0] === location.href.split("#")[0] && target.hash) {
      location.hash = target.hash;
      markLanding(this, hit, decodeURIComponent(target.hash.slice(1)));
    } else {
      location.href = target.href;
    }
  }

  onKey(e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (this.list.hidden && this.hits.length) this.showList(true);
      this.move(e.key === "ArrowDown" ? 1 : -1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      this.choose(this.active < 0 ? 0 : this.active, e.ctrlKey || e.metaKey);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      if (!this.list.hidden) {
        this.showList(false);
      } else if (this.input.value) {
        this.input.value = "";
        this.update(true);
      } else if (this.modal) {
        this.close();
      } else {
        this.input.blur();
      }
    }
    // Other keys (Home, End, the caret keys) are left to the text box.
  }

  globalKey(e) {
    if (this.hasAttribute("no-hotkeys")) return;
    const typing = (t) => t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    const path = e.composedPath ? e.composedPath() : [];
    const inside = path.includes(this);
    if ((e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      this.open();
    } else if (e.key === "/" && !typing(e.target) && !(inside && (!this.modal || !this.dialog.hidden))) {
      e.preventDefault();
      this.open();
    } else if (e.key === "Escape" && !inside) {
      clearLanding(this);
      if (this.modal && !this.dialog.hidden) this.close();
    }
  }

  open() {
    if (this.modal && this.dialog.hidden) {
      this.returnFocus = document.activeElement;
      this.dialog.hidden = false;
      this.setAttribute("open", "");
    }
    this.input.focus();
    this.input.select();
  }

  close() {
    if (!this.modal || this.dialog.hidden) return;
    this.dialog.hidden = true;
    this.removeAttribute("open");
    const back = this.returnFocus && this.returnFocus.isConnected ? this.returnFocus : this.opener;
    back.focus();
  }
}
