// Every UI string, in English. A `text-<key>` attribute on the element
// replaces one (see `t` in element.js); `{n}`, `{q}`, `{shown}`,
// `{message}`, `{name}` and `{value}` are filled in when shown. README.md
// lists them all, and a browser test checks that it does.
const STRINGS = {
  label: "Search papers",
  placeholder: "Search papers…",
  loading: "Loading search…",
  empty: "Type to search {n} papers.",
  results: "{n} results",
  result: "1 result",
  "no-results": "No results for “{q}”.",
  "did-you-mean": "Did you mean {q}?",
  error: "Search is unavailable: {message}",
  searching: "Searching…",
  "part-error": "Could not load part of the index: {message}",
  retry: "Retry",
  // A part of a split index is gone (HTTP 404): the site was redeployed.
  updated: "This site was updated since the page was loaded.",
  reload: "Reload",
  "split-from-disk":
    "This index is split into files fetched over the network; open the site through a web server (or build it with --split never).",
  "show-all": "Show all {n} results",
  "show-more": "Show more ({shown} of {n} shown)",
  recent: "Recent searches",
  "remove-recent": "Remove “{q}” from recent searches",
  "open-button": "Search",
  // The hint beside the open button; "⌘K" on Apple devices.
  hotkey: "Ctrl K",
  close: "Close search",
  "clear-highlights": "Clear highlights",
  // The date filter and sort, shown for an archive (papers of many days).
  dates: "Dates",
  "all-dates": "All dates",
  "past-week": "Past week",
  "past-month": "Past month",
  "custom-dates": "Custom",
  count: "{n}",
  from: "From",
  to: "To",
  sort: "Sort",
  "sort-relevance": "Best match",
  "sort-date": "Newest first",
  "bad-date": "Ignored {name}=“{value}” in the address: not a date like 2024-08-07.",
  "bad-sort": "Ignored sort=“{value}” in the address: use date or relevance.",
};
