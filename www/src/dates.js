// Dates: the ISO 8601 dates the engine gives ("2024-08-07", or "--08-07"
// for a lone digest whose date has no year), shown in the visitor's
// locale, the quick ranges of the date filter, and the date state read
// from the address. Dates are calendar days, computed and formatted in UTC
// so that no time zone ever moves one by a day.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEARLESS = /^--(\d{2})-(\d{2})$/;
const DAY_MS = 86400000;

/** Milliseconds of a full ISO date at 00:00 UTC, or NaN if `text` is not a real one. */
function isoTime(text) {
  const m = ISO_DATE.exec(text);
  if (!m) return NaN;
  const time = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  // Date.UTC rolls "2024-02-30" over to March: not a real date.
  return new Date(time).toISOString().slice(0, 10) === text ? time : NaN;
}

/** The ISO date `days` after `iso` (before, if negative). */
function addDays(iso, days) {
  return new Date(isoTime(iso) + days * DAY_MS).toISOString().slice(0, 10);
}

const formats = {};
/** A date as the visitor's locale writes it ("Jan 5, 2025"; "Aug 7" without a year); "" for none. */
function formatDate(iso) {
  let time = isoTime(iso);
  let kind = "full";
  const yearless = YEARLESS.exec(iso || "");
  if (yearless) {
    // 2000 was a leap year, so "--02-29" is a day too.
    time = Date.UTC(2000, +yearless[1] - 1, +yearless[2]);
    kind = "yearless";
  }
  if (Number.isNaN(time)) return "";
  const options = { month: "short", day: "numeric", timeZone: "UTC" };
  if (kind === "full") options.year = "numeric";
  formats[kind] = formats[kind] || new Intl.DateTimeFormat(undefined, options);
  return formats[kind].format(time);
}

/**
 * The date filter's choices for an archive whose last day is `last`,
 * relative to that day (not to today: an archive may be stale). Each is
 * `[key, from, to]`; "" is an open end.
 */
function quickRanges(last) {
  return [
    ["all-dates", "", ""],
    ["past-week", addDays(last, -6), last],
    ["past-month", addDays(last, -29), last],
  ];
}

/** Text from the address, cut short for a note about it. */
function shortValue(text) {
  return text.length > 40 ? text.slice(0, 40) + "…" : text;
}

/**
 * The date state in `params` (the address's query): `{from, to, sort,
 * notes}`. A value that is not a real ISO date (or that `accepts` refuses)
 * or an unknown sort is left out, and `notes` says so; values are only
 * ever compared and shown as text.
 */
function readDateState(params, accepts, t) {
  const state = { from: "", to: "", sort: "relevance", notes: [] };
  for (const name of ["from", "to"]) {
    const value = params.get(name);
    if (value === null || value === "") continue;
    if (!Number.isNaN(isoTime(value)) && accepts(name, value)) state[name] = value;
    else state.notes.push(t("bad-date", { name, value: shortValue(value) }));
  }
  const sort = params.get("sort");
  if (sort === "date" || sort === "relevance") state.sort = sort;
  else if (sort !== null) state.notes.push(t("bad-sort", { value: shortValue(sort) }));
  return state;
}
