// Every UI string, in English. A `text-<key>` attribute on the element
// replaces one (see `t` in element.js); `{n}`, `{q}` and `{message}` are
// filled in when shown.
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
