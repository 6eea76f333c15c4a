// The date filter and the sort choice, shown when the index's papers span
// more than one day (an archive). Quick ranges (all dates, past week, past
// month: relative to the archive's last day) and a custom from–to range,
// as native radio buttons and date inputs, and the sort as a native
// select, so mouse, touch and keyboard all work as the browser has them.
// Each quick range shows how many papers match the query in it: the
// engine counts them (`facets`), in the same search as the results.
//
// The state is `widget.dateState`, `{from, to, sort, range}` (ISO dates,
// "" for an open end; `range` the chosen radio's key), kept in the
// address as `?from=&to=&sort=` (see element.js).

const CUSTOM = "custom-dates";

/** Builds the filter below the box when `dates` (the engine's first and last day) differ. */
function buildFilter(widget, dates) {
  if (!dates || dates[0] === dates[1] || Number.isNaN(isoTime(dates[1]))) return;
  const id = widget.id_;
  const t = (key) => widget.t(key);
  widget.ranges = quickRanges(dates[1]);
  widget.dateState = { from: "", to: "", sort: "relevance", range: "all-dates" };
  widget.radios = {};
  widget.counts = {};
  const choices = [...widget.ranges.map((r) => r[0]), CUSTOM].map((key) => {
    const radio = el("input", { type: "radio", name: id + "-range", value: key });
    widget.radios[key] = radio;
    widget.counts[key] = el("span", { class: "count" });
    return el("label", { class: "choice" }, [radio, el("span", { text: t(key) }), widget.counts[key]]);
  });
  const day = (name) => el("input", { type: "date", id: `${id}-${name}`, min: dates[0], max: dates[1] });
  widget.fromInput = day("from");
  widget.toInput = day("to");
  widget.span = el("div", { class: "span" }, [
    el("label", { for: widget.fromInput.id, text: t("from") }),
    widget.fromInput,
    el("label", { for: widget.toInput.id, text: t("to") }),
    widget.toInput,
  ]);
  widget.sortSelect = el("select", { id: id + "-sort" }, [
    el("option", { value: "relevance", text: t("sort-relevance") }),
    el("option", { value: "date", text: t("sort-date") }),
  ]);
  widget.notice = el("p", { class: "notice", part: "notice" });
  widget.filters = el("div", { class: "filters", part: "filters" }, [
    el("fieldset", { class: "ranges" }, [el("legend", { class: "visually-hidden", text: t("dates") }), ...choices]),
    widget.span,
    el("div", { class: "sort" }, [el("label", { for: widget.sortSelect.id, text: t("sort") }), widget.sortSelect]),
    widget.notice,
  ]);
  widget.input.after(widget.filters);
  bindFilter(widget, dates);
  showDateState(widget);
}

function bindFilter(widget, dates) {
  const state = () => widget.dateState;
  widget.filters.addEventListener("change", (e) => {
    const target = e.target;
    if (target === widget.sortSelect) {
      state().sort = target.value === "date" ? "date" : "relevance";
    } else if (target.type === "radio") {
      const quick = widget.ranges.find((r) => r[0] === target.value);
      // Custom starts from the range shown, or from the whole archive.
      const [from, to] = quick ? [quick[1], quick[2]] : [state().from || dates[0], state().to || dates[1]];
      Object.assign(state(), { range: target.value, from, to });
    } else {
      state().range = CUSTOM;
      state()[target === widget.fromInput ? "from" : "to"] = target.value;
    }
    showDateState(widget);
    widget.changeFilter();
  });
  // Esc in the filter goes back to the box, where Esc goes on as usual.
  widget.filters.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || e.target === widget.sortSelect) return;
    e.preventDefault();
    e.stopPropagation();
    widget.input.focus();
  });
}

/** The controls as `widget.dateState` says. */
function showDateState(widget) {
  const s = widget.dateState;
  widget.radios[s.range].checked = true;
  widget.span.hidden = s.range !== CUSTOM;
  widget.fromInput.value = s.from;
  widget.toInput.value = s.to;
  widget.sortSelect.value = s.sort;
}

/** The quick range `from`–`to` is, or else custom. */
function rangeOf(widget, from, to) {
  const quick = widget.ranges.find((r) => r[1] === from && r[2] === to);
  return quick ? quick[0] : CUSTOM;
}

/** The search options of the filter: dates, sort, and the quick ranges to count. */
function filterOptions(widget) {
  if (!widget.filters) return {};
  const s = widget.dateState;
  return {
    sort: s.sort,
    from: s.from || undefined,
    to: s.to || undefined,
    facets: widget.ranges.map(([, from, to]) => ({ from: from || null, to: to || null })),
  };
}

/** Each choice's count from `answer` (custom: its total); none without a query. */
function showCounts(widget, answer) {
  if (!widget.filters) return;
  for (const [i, [key]] of widget.ranges.entries()) {
    const n = answer && answer.facets ? answer.facets[i] : undefined;
    widget.counts[key].textContent = n === undefined ? "" : widget.t("count", { n });
  }
  const custom = answer && widget.dateState.range === CUSTOM;
  widget.counts[CUSTOM].textContent = custom ? widget.t("count", { n: answer.total }) : "";
}

/**
 * Reads `?from=&to=&sort=` from `params` into the filter (a bad value is
 * left out, with a visible note); says whether the state changed.
 */
function readFilterUrl(widget, params) {
  if (!widget.filters) return false;
  const accepts = (name, value) => {
    try {
      widget.engine.search("", { [name]: value });
      return true;
    } catch (_) {
      return false;
    }
  };
  const read = readDateState(params, accepts, (key, vars) => widget.t(key, vars));
  widget.notice.textContent = read.notes.join("\n");
  const before = JSON.stringify(widget.dateState);
  widget.dateState = { from: read.from, to: read.to, sort: read.sort, range: rangeOf(widget, read.from, read.to) };
  showDateState(widget);
  return JSON.stringify(widget.dateState) !== before;
}

/** Puts the filter's state into `url` (leaving out what is the default). */
function writeFilterUrl(widget, url) {
  if (!widget.filters) return;
  const s = widget.dateState;
  const set = (name, value) => (value ? url.searchParams.set(name, value) : url.searchParams.delete(name));
  set("from", s.from);
  set("to", s.to);
  set("sort", s.sort === "date" ? "date" : "");
}
