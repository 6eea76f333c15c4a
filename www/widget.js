// papersift widget: the <papersift-search> custom element.
//
// Layers: engine (the wasm module, loaded once per page) → loader (fetch, or
// the base64 copy when the page is opened from disk) → widget (this element).
// All text is rendered as DOM text nodes; nothing is ever parsed as HTML.
(function () {
  "use strict";
  if (typeof customElements === "undefined" || customElements.get("papersift-search")) return;

  const script = document.currentScript;
  const base = new URL(".", script && script.src ? script.src : location.href);

  const STRINGS = {
    label: "Search papers",
    placeholder: "Search papers…",
    loading: "Loading search…",
    empty: "Type to search {n} papers.",
    results: "{n} results",
    result: "1 result",
    "no-results": "No results for “{q}”.",
    "did-you-mean": "Did you mean",
    error: "Search is unavailable: {message}",
    searching: "Searching…",
    "part-error": "Could not load part of the index: {message}",
    retry: "Retry",
    "split-from-disk":
      "This index is split into files fetched over the network; open the site through a web server (or build it with --split never).",
    "open-button": "Search",
    close: "Close search",
    "clear-highlights": "Clear highlights",
  };

  // ---- loader -------------------------------------------------------------

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = url;
      s.onload = resolve;
      s.onerror = () => reject(new Error("cannot load " + url));
      document.head.appendChild(s);
    });
  }

  function fromBase64(text) {
    const bin = atob(text);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  let modulePromise = null;
  function loadModule() {
    if (!modulePromise) {
      modulePromise = (async () => {
        if (typeof WebAssembly !== "object") {
          throw new Error("this browser does not run WebAssembly");
        }
        let source;
        if (location.protocol === "file:") {
          // fetch() of a file is refused; a classic script is not.
          await loadScript(new URL("papersift_bg.wasm.js", base).href);
          source = fromBase64(self.papersiftWasmBase64);
        } else {
          source = new URL("papersift_bg.wasm", base);
        }
        await papersiftWasm({ module_or_path: source });
        return papersiftWasm;
      })();
    }
    return modulePromise;
  }

  const engines = new Map();
  function loadEngine(indexUrl) {
    const key = indexUrl || "";
    if (!engines.has(key)) {
      engines.set(
        key,
        loadModule().then(async (wasm) => {
          if (!indexUrl) return wasm.Papersift.embedded();
          const response = await fetch(new URL(indexUrl, location.href));
          if (!response.ok) throw new Error(`index ${indexUrl}: HTTP ${response.status}`);
          const bytes = new Uint8Array(await response.arrayBuffer());
          return wasm.Papersift.fromBytes(bytes);
        })
      );
    }
    return engines.get(key);
  }

  function messageOf(error) {
    const text = error && error.message ? error.message : String(error);
    if (/Content Security Policy|unsafe-eval|wasm-eval/i.test(text)) {
      return "this page's Content-Security-Policy does not allow WebAssembly (it needs 'wasm-unsafe-eval')";
    }
    if (error instanceof WebAssembly.RuntimeError) {
      return "the search engine stopped (" + text + "); reload the page";
    }
    return text;
  }

  /** A part of a split index could not be fetched: worth a retry. */
  class PartError extends Error {}

  /** A split index's part, fetched at most once at a time per engine. */
  const parts = new WeakMap();
  function loadPart(engine, name) {
    let started = parts.get(engine);
    if (!started) parts.set(engine, (started = new Map()));
    if (!started.has(name)) {
      const url = new URL("papersift-index/" + name, base);
      const promise = fetch(url)
        .then(
          (r) => {
            if (!r.ok) throw new PartError(`${name}: HTTP ${r.status}`);
            return r.arrayBuffer();
          },
          (e) => {
            throw new PartError(`${name}: ${messageOf(e)}`);
          }
        )
        .then((buf) => engine.addPart(name, new Uint8Array(buf)))
        // Forgotten once added (or failed): the engine holds what it
        // added, and may drop it later to bound its memory and ask again.
        .finally(() => started.delete(name));
      started.set(name, promise);
    }
    return started.get(name);
  }

  /** Searches, first fetching (in parallel) the parts the engine asks for. */
  async function searchWithParts(engine, query, options, onFetch) {
    for (let round = 0; round < 6; round++) {
      const answer = engine.search(query, options);
      if (!answer.missing) return answer;
      onFetch();
      await Promise.all(answer.missing.map((name) => loadPart(engine, name)));
    }
    throw new Error("the index keeps asking for more files");
  }

  // ---- rendering helpers ---------------------------------------------------

  function el(tag, props, children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (k === "text") node.textContent = v;
        else if (k === "class") node.className = v;
        else node.setAttribute(k, v);
      }
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  /** Text with `<mark>`s on the given [start, end) UTF-16 ranges. */
  function highlighted(text, ranges) {
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const [start, end] of ranges || []) {
      if (start < at || end > text.length || start >= end) continue;
      if (start > at) frag.append(text.slice(at, start));
      frag.append(el("mark", { text: text.slice(start, end) }));
      at = end;
    }
    if (at < text.length) frag.append(text.slice(at));
    return frag;
  }

  let uid = 0;

  // ---- the element ---------------------------------------------------------

  class PapersiftSearch extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      this.id_ = "ps" + ++uid;
      const root = this.attachShadow({ mode: "open" });
      root.append(el("link", { rel: "stylesheet", href: new URL("papersift.css", base).href }));
      this.modal = this.getAttribute("mode") === "modal";
      this.limit = Number(this.getAttribute("limit")) || 10;
      this.hits = [];
      this.active = -1;
      this.engine = null;
      this.failed = null;

      const ids = { input: this.id_ + "-input", list: this.id_ + "-list", status: this.id_ + "-status" };
      this.input = el("input", {
        id: ids.input,
        type: "search",
        role: "combobox",
        "aria-autocomplete": "list",
        "aria-expanded": "false",
        "aria-controls": ids.list,
        "aria-describedby": ids.status,
        autocomplete: "off",
        autocapitalize: "off",
        spellcheck: "false",
        enterkeyhint: "search",
        placeholder: this.t("placeholder"),
        part: "input",
      });
      this.status = el("div", { id: ids.status, class: "status", role: "status", "aria-live": "polite", part: "status" });
      this.list = el("ul", { id: ids.list, role: "listbox", "aria-label": this.t("label"), class: "results", part: "results" });
      this.list.hidden = true;
      const label = el("label", { for: ids.input, class: "visually-hidden", text: this.t("label") });
      this.panel = el("div", { class: "panel", part: "panel" }, [label, this.input, this.status, this.list]);

      if (this.modal) {
        this.opener = el("button", { type: "button", class: "opener", part: "opener", "aria-haspopup": "dialog" }, [
          el("span", { text: this.t("open-button") }),
          el("kbd", { text: /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘K" : "Ctrl K" }),
        ]);
        this.opener.addEventListener("click", () => this.open());
        const closer = el("button", { type: "button", class: "closer", "aria-label": this.t("close"), text: "×" });
        closer.addEventListener("click", () => this.close());
        this.panel.prepend(closer);
        this.dialog = el("div", { class: "dialog", role: "dialog", "aria-modal": "true", "aria-label": this.t("label") }, [this.panel]);
        this.dialog.hidden = true;
        this.dialog.addEventListener("mousedown", (e) => {
          if (e.target === this.dialog) this.close();
        });
        root.append(this.opener, this.dialog);
      } else {
        root.append(this.panel);
      }
      this.clearButton = el("button", { type: "button", class: "clear-highlights", part: "clear-highlights", text: this.t("clear-highlights") });
      this.clearButton.hidden = true;
      this.clearButton.addEventListener("click", () => clearLanding(this));
      root.append(this.clearButton);

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

    disconnectedCallback() {
      document.removeEventListener("keydown", this.onGlobalKey);
      window.removeEventListener("popstate", this.onPop);
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
        if (seq !== this.seq) return;
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

    render(hits) {
      this.list.replaceChildren();
      this.hits = hits;
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
      hits.forEach((hit, i) => this.list.append(this.option(hit, i)));
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

    option(hit, i) {
      // No link inside an option (axe: nested-interactive); the option
      // itself is clicked, and carries the target for the curious.
      const link = el("div", { class: "hit", "data-href": this.resolve(hit.url) }, [
        el("span", { class: "title" }, [highlighted(hit.title, hit.titleHighlights)]),
        el("span", { class: "excerpt" }, [highlighted(hit.excerpt.text, hit.excerpt.highlights)]),
      ]);
      return el("li", { role: "option", id: `${this.id_}-opt-${i}`, "aria-selected": "false", "data-index": String(i), part: "option" }, [link]);
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
      } else if (e.key === "Home" || e.key === "End") {
        // Leave the caret keys to the text box.
      }
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

  // ---- landing: highlight the matched words on the target ------------------

  function markLanding(widget, hit, id) {
    clearLanding(widget);
    const target = document.getElementById(id);
    if (!target || typeof Highlight === "undefined" || !CSS.highlights) return;
    const words = new Set();
    const collect = (text, ranges) => {
      for (const [s, e] of ranges || []) words.add(text.slice(s, e).toLowerCase());
    };
    collect(hit.title, hit.titleHighlights);
    collect(hit.excerpt.text, hit.excerpt.highlights);
    if (!words.size) return;
    const ranges = [];
    const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data.toLowerCase();
      for (const word of words) {
        for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
          const range = new Range();
          range.setStart(node, at);
          range.setEnd(node, at + word.length);
          ranges.push(range);
        }
      }
    }
    CSS.highlights.set("papersift-hit", new Highlight(...ranges));
    target.classList.add("papersift-landed");
    widget.landed = target;
    widget.clearButton.hidden = false;
  }

  function clearLanding(widget) {
    if (typeof CSS !== "undefined" && CSS.highlights) CSS.highlights.delete("papersift-hit");
    if (widget.landed) widget.landed.classList.remove("papersift-landed");
    widget.landed = null;
    if (widget.clearButton) widget.clearButton.hidden = true;
  }

  customElements.define("papersift-search", PapersiftSearch);

  /** The programmatic API, shared with papersift.mjs. */
  self.papersift = Object.freeze({
    /** Loads the engine (the embedded index, or `indexUrl`). */
    load: (indexUrl) => loadEngine(indexUrl),
    /** Searches, fetching the parts of a split index it needs. */
    search: async (query, options, indexUrl) => searchWithParts(await loadEngine(indexUrl), query, options || {}, () => {}),
    Element: PapersiftSearch,
  });
})();
