// Building the DOM. Every node is made with `el`; text goes in as text
// nodes and attribute values, never parsed as HTML.

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

/**
 * The element's shadow root: the search box, its status, a live region,
 * the listbox and the recent searches in a panel (inside a native
 * <dialog> opened by a button in modal mode), and the "Clear highlights"
 * button, all in one `.root` that resets what the page would pass down.
 * Keeps the nodes the element works with on `widget`.
 */
function buildDom(widget) {
  const shadow = widget.attachShadow({ mode: "open" });
  shadow.append(el("link", { rel: "stylesheet", href: new URL("papersift.css" + version, base).href }));
  const id = widget.id_;
  widget.input = el("input", {
    id: id + "-input",
    // In the dialog, no browser clear button beside its close button.
    type: widget.modal ? "text" : "search",
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": id + "-list",
    "aria-describedby": id + "-status",
    autocomplete: "off",
    autocapitalize: "off",
    spellcheck: "false",
    enterkeyhint: "search",
    placeholder: widget.t("placeholder"),
    part: "input",
  });
  // What the visitor sees at once; `live` tells screen readers once typing settles.
  widget.status = el("div", { id: id + "-status", class: "status", part: "status" });
  widget.live = el("div", { class: "visually-hidden", role: "status" });
  // Not a Tab stop: the box moves through it (aria-activedescendant).
  widget.list = el("ul", { id: id + "-list", role: "listbox", "aria-label": widget.t("label"), class: "results", part: "results", tabindex: "-1" });
  widget.list.hidden = true;
  widget.recent = el("div", { class: "recent popup", part: "recent", role: "group", "aria-labelledby": id + "-recent" });
  widget.recent.hidden = true;
  const label = el("label", { for: widget.input.id, class: "visually-hidden", text: widget.t("label") });
  widget.panel = el("div", { class: "panel", part: "panel" }, [label, widget.input, widget.status, widget.live, widget.list, widget.recent]);
  const root = el("div", { class: "root" });

  if (widget.modal) {
    const hotkeys = !widget.hasAttribute("no-hotkeys");
    widget.opener = el("button", { type: "button", class: "opener", part: "opener", "aria-haspopup": "dialog" }, [
      el("span", { text: widget.t("open-button") }),
    ]);
    if (hotkeys) {
      const mac = /Mac|iPhone|iPad/.test(navigator.platform);
      const hint = widget.getAttribute("text-hotkey") ?? (mac ? "⌘K" : STRINGS.hotkey);
      widget.opener.append(el("kbd", { text: hint, "aria-hidden": "true" }));
      widget.opener.setAttribute("aria-keyshortcuts", mac ? "Meta+K /" : "Control+K /");
    }
    widget.closer = el("button", { type: "button", class: "closer", "aria-label": widget.t("close"), text: "×" });
    widget.panel.prepend(widget.closer);
    widget.dialog = el("dialog", { class: "dialog", "aria-label": widget.t("label") }, [widget.panel]);
    root.append(widget.opener, widget.dialog);
  } else {
    root.append(widget.panel);
  }
  widget.clearButton = el("button", { type: "button", class: "clear-highlights", part: "clear-highlights", text: widget.t("clear-highlights") });
  widget.clearButton.hidden = true;
  root.append(widget.clearButton);
  shadow.append(root);
}

/**
 * Result `i` as an option of the listbox, its matched words marked. The
 * option is a real link (middle click, "copy link", the status bar) in a
 * presentational list item: a link inside an option would be interactive
 * content nested in another (axe: nested-interactive). It stays out of the
 * tab order: the box owns the keyboard (aria-activedescendant).
 */
function resultOption(widget, hit, i) {
  const head = el("span", { class: "head" }, [el("span", { class: "title" }, [highlighted(hit.title, hit.titleHighlights)])]);
  const authors = hit.authors && hit.authors.length ? [el("span", { class: "authors", text: hit.authors.join(", ") })] : [];
  const date = formatDate(hit.date);
  // A year-less date ("--08-07") is "08-07" in HTML's terms.
  if (date) head.append(el("time", { class: "date", datetime: hit.date.replace(/^--/, ""), text: date }));
  const option = el(
    "a",
    {
      class: "hit",
      href: resolve(widget, hit),
      tabindex: "-1",
      role: "option",
      id: `${widget.id_}-opt-${i}`,
      "aria-selected": "false",
      "data-index": String(i),
      part: "option",
    },
    [head, ...authors, el("span", { class: "excerpt" }, [highlighted(hit.excerpt.text, hit.excerpt.highlights)])]
  );
  return el("li", { role: "none" }, [option]);
}

/** The last option when more results match than are shown: "Show all N results", then "Show more". */
function moreOption(widget, shown, total) {
  const text = shown > widget.limit ? widget.t("show-more", { shown, n: total }) : widget.t("show-all", { n: total });
  return el("li", { role: "option", id: widget.id_ + "-more", "aria-selected": "false", class: "more", part: "option more", text });
}
