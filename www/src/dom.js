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
 * The element's shadow root: the search box, its status and listbox in a
 * panel (inside a dialog opened by a button in modal mode), and the "Clear
 * highlights" button. Keeps the nodes the element works with on `widget`.
 */
function buildDom(widget) {
  const root = widget.attachShadow({ mode: "open" });
  root.append(el("link", { rel: "stylesheet", href: new URL("papersift.css", base).href }));
  const ids = { input: widget.id_ + "-input", list: widget.id_ + "-list", status: widget.id_ + "-status" };
  widget.input = el("input", {
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
    placeholder: widget.t("placeholder"),
    part: "input",
  });
  widget.status = el("div", { id: ids.status, class: "status", role: "status", "aria-live": "polite", part: "status" });
  widget.list = el("ul", { id: ids.list, role: "listbox", "aria-label": widget.t("label"), class: "results", part: "results" });
  widget.list.hidden = true;
  const label = el("label", { for: ids.input, class: "visually-hidden", text: widget.t("label") });
  widget.panel = el("div", { class: "panel", part: "panel" }, [label, widget.input, widget.status, widget.list]);

  if (widget.modal) {
    widget.opener = el("button", { type: "button", class: "opener", part: "opener", "aria-haspopup": "dialog" }, [
      el("span", { text: widget.t("open-button") }),
      el("kbd", { text: /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘K" : "Ctrl K" }),
    ]);
    widget.closer = el("button", { type: "button", class: "closer", "aria-label": widget.t("close"), text: "×" });
    widget.panel.prepend(widget.closer);
    widget.dialog = el("div", { class: "dialog", role: "dialog", "aria-modal": "true", "aria-label": widget.t("label") }, [widget.panel]);
    widget.dialog.hidden = true;
    root.append(widget.opener, widget.dialog);
  } else {
    root.append(widget.panel);
  }
  widget.clearButton = el("button", { type: "button", class: "clear-highlights", part: "clear-highlights", text: widget.t("clear-highlights") });
  widget.clearButton.hidden = true;
  root.append(widget.clearButton);
}

/** Result `i` as an option of the listbox, its matched words marked. */
function resultOption(widget, hit, i) {
  // No link inside an option (axe: nested-interactive); the option
  // itself is clicked, and carries the target for the curious.
  const link = el("div", { class: "hit", "data-href": widget.resolve(hit.url) }, [
    el("span", { class: "title" }, [highlighted(hit.title, hit.titleHighlights)]),
    el("span", { class: "excerpt" }, [highlighted(hit.excerpt.text, hit.excerpt.highlights)]),
  ]);
  return el("li", { role: "option", id: `${widget.id_}-opt-${i}`, "aria-selected": "false", "data-index": String(i), part: "option" }, [link]);
}
