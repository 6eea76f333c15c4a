// Defines <papersift-search> and the programmatic API, `self.papersift`,
// which papersift.mjs exports.

customElements.define("papersift-search", PapersiftSearch);

self.papersift = Object.freeze({
  /** Loads the engine and the index (`index.psi` beside the script, or `indexUrl`). */
  load: (indexUrl) => loadEngine(indexAddress(indexUrl)),
  /** Searches, fetching the parts of the index it needs. */
  search: async (query, options, indexUrl) =>
    searchWithParts(await loadEngine(indexAddress(indexUrl)), query, options || {}, () => {}),
  Element: PapersiftSearch,
});
