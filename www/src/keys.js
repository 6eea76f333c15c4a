// The keyboard: in the box (the combobox keys) and on the page (the
// hotkeys `/` and Ctrl/Cmd+K, and Esc for landing highlights and the dialog).

function onKey(widget, e) {
  if (e.key === "ArrowDown" && !widget.recent.hidden) {
    e.preventDefault();
    widget.recent.querySelector("button").focus();
  } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    if (widget.list.hidden && widget.hits.length) widget.showList(true);
    widget.move(e.key === "ArrowDown" ? 1 : -1);
  } else if (e.key === "Enter") {
    e.preventDefault();
    widget.activate(widget.active < 0 ? 0 : widget.active, e.ctrlKey || e.metaKey);
  } else if (e.key === "Escape") {
    // Closes the results, then clears the query, then closes the dialog.
    e.preventDefault();
    e.stopPropagation();
    if (!widget.list.hidden || !widget.recent.hidden) {
      collapse(widget);
    } else if (widget.input.value) {
      widget.input.value = "";
      widget.update(true);
    } else if (widget.modal) {
      widget.close();
    } else {
      widget.input.blur();
    }
  }
  // Other keys (Home, End, the caret keys) are left to the text box.
}

function globalKey(widget, e) {
  if (widget.hasAttribute("no-hotkeys")) return;
  const typing = (t) => t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  const inside = e.composedPath().includes(widget);
  if ((e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    widget.open();
  } else if (e.key === "/" && !typing(e.target) && !(inside && (!widget.modal || widget.dialog.open))) {
    e.preventDefault();
    widget.open();
  } else if (e.key === "Escape" && !inside) {
    clearLanding(widget);
    widget.close();
  }
}
