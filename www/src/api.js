// Defines <papersift-search> and the programmatic API, `self.papersift`,
// which papersift.mjs exports.

customElements.define("papersift-search", PapersiftSearch);

self.papersift = Object.freeze({
  /** Loads the engine (the embedded index, or `indexUrl`). */
  load: (indexUrl) => loadEngine(indexUrl),
  /** Searches, fetching the parts of a split index it needs. */
  search: async (query, options, indexUrl) => searchWithParts(await loadEngine(indexUrl), query, options || {}, () => {}),
  Element: PapersiftSearch,
});
