// papersift as an ES module, for sites with a module pipeline:
//
//   import { search } from "./papersift.mjs";
//   const { results } = await search("pipeline parallelism", { limit: 5 });
//
// Importing it also defines <papersift-search>. papersift.mjs is this file
// as joined by the site build (xtask/src/widget.rs): the wasm-bindgen glue
// at `@glue` and the widget's sources (www/src/*.js) in order at `@sources`,
// the same engine, loader and element as papersift.js, in one file. On a
// page where papersift.js already ran, it uses that copy, so the engine is
// never loaded twice.
// @glue
const base = new URL(".", import.meta.url);
const version = new URL(import.meta.url).search;

function definePapersift() {
// @sources
return self.papersift;
}

const api = globalThis.papersift || definePapersift();

/** Loads the engine and an index: `index.psi` beside the script, or the index file at `indexUrl`. */
export const load = (indexUrl) => api.load(indexUrl);
/** Searches; resolves to `{query, results, total, suggestion}`. */
export const search = (query, options, indexUrl) => api.search(query, options, indexUrl);
/** The `<papersift-search>` element class. */
export const PapersiftSearch = api.Element;
export default api;
