// Popups, as the ARIA combobox and dialog patterns have them. The inline
// list (or the recent searches) closes on a click elsewhere and when the
// focus leaves the element, and opens again on focus with a query. The
// modal is a native <dialog> opened with showModal(): the page behind is
// inert, Tab cycles inside it, and closing returns the focus to where it
// was (the open button, or the page).

/** The element focused, looking inside shadow roots. */
function deepActive() {
  let at = document.activeElement;
  while (at && at.shadowRoot && at.shadowRoot.activeElement) at = at.shadowRoot.activeElement;
  return at;
}

/** Closes the list and the recent searches; the query stays. */
function collapse(widget) {
  widget.showList(false);
  showRecent(widget, false);
}

function bindPopup(widget) {
  const shadow = widget.shadowRoot;
  // A click in the panel leaves the focus in the box (buttons and the
  // filter's radios still work); the filter's date inputs and select take it.
  widget.panel.addEventListener("mousedown", (e) => {
    if (!e.target.closest("input, select")) e.preventDefault();
  });
  const reopen = () => {
    if (widget.input.value) widget.showList(widget.list.children.length > 0);
    else showRecent(widget, true);
  };
  widget.input.addEventListener("focus", reopen);
  widget.input.addEventListener("click", reopen);
  shadow.addEventListener("focusout", (e) => {
    if (!widget.modal && !shadow.contains(e.relatedTarget)) collapse(widget);
  });
  widget.onOutside = (e) => {
    if (!widget.modal && !e.composedPath().includes(widget)) collapse(widget);
  };
  if (widget.modal) bindDialog(widget);
}

/**
 * Gives the focus back to where it was when the dialog opened, once: at
 * once from close(), or on the dialog's close event when the browser
 * closed it (the event comes a task later). Focus that was nowhere stays
 * nowhere.
 */
function restoreFocus(widget) {
  const back = widget.returnFocus;
  if (back === undefined) return;
  widget.returnFocus = undefined;
  if (back && back.isConnected && back !== document.body) back.focus();
  else if (widget.shadowRoot.activeElement) widget.shadowRoot.activeElement.blur();
}

function bindDialog(widget) {
  const dialog = widget.dialog;
  widget.opener.addEventListener("click", () => widget.open());
  widget.closer.addEventListener("click", () => widget.close());
  // The dialog box is the panel, edge to edge: a click on the dialog
  // itself is a click on the backdrop.
  dialog.addEventListener("mousedown", (e) => {
    if (e.target === dialog) widget.close();
  });
  // Closed by close(), Esc on a button, or the browser: tidy up once. The
  // event comes a task later: a dialog opened again since ("/" pressed at
  // once) is not closed, and its focus stays (a fresh-clone CI run saw it
  // blurred).
  dialog.addEventListener("close", () => {
    if (dialog.open) return;
    widget.removeAttribute("open");
    collapse(widget);
    restoreFocus(widget);
  });
  // showModal() keeps Tab off the page but lets it reach the browser's
  // own controls; cycle inside the dialog instead.
  dialog.addEventListener("keydown", (e) => {
    if (e.key !== "Tab") return;
    const stops = Array.from(dialog.querySelectorAll("button, input, select")).filter((n) => n.getClientRects().length > 0);
    const at = widget.shadowRoot.activeElement;
    const [first, last] = [stops[0], stops[stops.length - 1]];
    if (e.shiftKey ? at === first : at === last) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  });
}

function openDialog(widget) {
  if (!widget.dialog.open) {
    widget.returnFocus = deepActive();
    widget.dialog.showModal();
    widget.setAttribute("open", "");
  }
}
