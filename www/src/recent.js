// Recent searches: the queries the visitor chose a result for, shown when
// the box is focused and empty, each removable. They are kept only in
// this browser (localStorage, shared by the site's pages), never sent
// anywhere; the `no-recent` attribute turns them off.

const RECENT_KEY = "papersift-recent";
const RECENT_MAX = 5;

function recentQueries() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY));
    return Array.isArray(list) ? list.filter((q) => typeof q === "string").slice(0, RECENT_MAX) : [];
  } catch (_) {
    return []; // storage refused (privacy settings) or not JSON
  }
}

function saveRecent(list) {
  try {
    if (list.length) localStorage.setItem(RECENT_KEY, JSON.stringify(list));
    else localStorage.removeItem(RECENT_KEY);
  } catch (_) {
    // Storage refused: recent searches are simply not kept.
  }
}

/** Puts `query` first among the recent searches. */
function rememberRecent(widget, query) {
  const q = query.trim();
  if (!q || widget.hasAttribute("no-recent")) return;
  saveRecent([q, ...recentQueries().filter((r) => r !== q)].slice(0, RECENT_MAX));
}

/** Shows the recent searches (if there are any and the box is empty), or hides them. */
function showRecent(widget, show) {
  const list = show && !widget.input.value && !widget.hasAttribute("no-recent") ? recentQueries() : [];
  widget.recent.hidden = list.length === 0;
  if (!list.length) return;
  widget.showList(false);
  const heading = el("p", { id: widget.id_ + "-recent", class: "recent-heading", text: widget.t("recent") });
  const items = list.map((q) => {
    const run = el("button", { type: "button", class: "recent-query", text: q });
    run.addEventListener("click", () => {
      widget.input.value = q;
      widget.input.focus();
      showRecent(widget, false);
      widget.update(true);
    });
    const remove = el("button", { type: "button", class: "recent-remove", "aria-label": widget.t("remove-recent", { q }), text: "×" });
    remove.addEventListener("click", () => {
      const at = list.indexOf(q);
      saveRecent(recentQueries().filter((r) => r !== q));
      showRecent(widget, true);
      // The focus goes to the next entry's remove button, or back to the box.
      const next = widget.recent.querySelectorAll(".recent-remove");
      (next[Math.min(at, next.length - 1)] || widget.input).focus();
    });
    return el("li", {}, [run, remove]);
  });
  widget.recent.replaceChildren(heading, el("ul", {}, items));
}

function bindRecent(widget) {
  widget.recent.addEventListener("keydown", (e) => {
    const buttons = Array.from(widget.recent.querySelectorAll(".recent-query"));
    const at = buttons.indexOf(e.target);
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      widget.input.focus();
      showRecent(widget, false);
    } else if ((e.key === "ArrowDown" || e.key === "ArrowUp") && at >= 0) {
      e.preventDefault();
      const next = at + (e.key === "ArrowDown" ? 1 : -1);
      (buttons[next] || widget.input).focus();
    }
  });
}
