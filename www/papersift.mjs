// papersift as an ES module, for sites with a module pipeline:
//
//   import { search } from "./papersift.mjs";
//   const { results } = await search("pipeline parallelism", { limit: 5 });
//
// Importing it also defines <papersift-search>. It loads papersift.js (the
// engine and the element, a classic script that works from file:// too)
// from beside itself, once.
const script = new URL("./papersift.js", import.meta.url).href;

const ready =
  globalThis.papersift ||
  new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = script;
    tag.onload = () => resolve(globalThis.papersift);
    tag.onerror = () => reject(new Error("cannot load " + script));
    document.head.appendChild(tag);
  });

const api = await ready;

/** Loads the engine: the embedded index, or the index file at `indexUrl`. */
export const load = (indexUrl) => api.load(indexUrl);
/** Searches; resolves to `{query, results, total, suggestion}`. */
export const search = (query, options, indexUrl) => api.search(query, options, indexUrl);
/** The `<papersift-search>` element class. */
export const PapersiftSearch = api.Element;
export default api;
