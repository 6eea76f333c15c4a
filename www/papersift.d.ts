// Types for papersift.js / papersift.mjs.

/** A `[start, end)` range in UTF-16 code units (JavaScript string indexes). */
export type Highlight = [number, number];

export interface Hit {
  /** Paper id: the anchor on the digest page. */
  id: string;
  title: string;
  /** Its authors (empty when its digest names none). */
  authors: string[];
  /** Ranges of `title` that matched. */
  titleHighlights: Highlight[];
  /**
   * Where the paper is read: its own address (`https://…`, from a JSON
   * digest), else its page on the site, relative to the index file
   * (`index.html#<id>`, `days/2024-08-07.html#<id>`); `#<id>` for an index
   * that names no pages (`papersift index`).
   */
  url: string;
  /**
   * Date of the paper's digest, ISO 8601: "2024-08-07", or "--08-07" for a
   * lone digest whose date has no year; "" when it had none.
   */
  date: string;
  /** Relevance; comparable within one query only. */
  score: number;
  /** The best passage of the abstract, with `…` where it was cut. */
  excerpt: { text: string; highlights: Highlight[] };
}

export interface Results {
  query: string;
  /** Best first. */
  results: Hit[];
  /** How many papers matched in all. */
  total: number;
  /** A corrected query when a word matched nothing. */
  suggestion: string | null;
  /**
   * For each of the `facets` asked for, how many papers match the query in
   * that range, whatever `from` and `to` say (empty when none were asked).
   */
  facets: number[];
}

/** A range of digest dates, both ends included; an absent or null end is open. */
export interface DateRange {
  from?: string | null;
  to?: string | null;
}

export interface SearchOptions {
  /** Most results (default 10). */
  limit?: number;
  /** "relevance" (default) or "date" (newest digest first, best match first within a day). */
  sort?: "relevance" | "date";
  /** Only papers from digests dated on or after this date ("2024-08-07", or "Aug 7"). */
  from?: string;
  /** Only papers from digests dated on or before this date. */
  to?: string;
  /** Date ranges to count the matches in (at most 64): the answer's `facets`. */
  facets?: DateRange[];
  /** Rank by meaning too (default true); false: by the words alone. */
  meaning?: boolean;
}

/** What `Engine.search` answers: on a split index, `missing` as well. */
export interface EngineResults extends Results {
  /**
   * Parts of a split index this query needs that are not in memory yet
   * (absent when none are). While it is there, the other fields are empty:
   * fetch each from `papersift-index/<name>`, `addPart` it, search again.
   */
  missing?: string[];
  /**
   * Meaning shards this query's words need that are not in memory yet
   * (absent when none are). The results are ranked by the words alone:
   * show them, then fetch each from `papersift-index/<name>`, `addPart` it
   * and search again for the ranking with meaning.
   */
  pending?: string[];
}

/**
 * A loaded index: the wasm engine's `Papersift` object. `load()` gives the
 * same one to every caller on the page (the widgets included), once per
 * index.
 */
export interface Engine {
  /** Number of papers. */
  readonly size: number;
  /** Whether the index is split into files fetched on demand. */
  readonly isSplit: boolean;
  /** The first and last day of the index's papers, ISO 8601; undefined when none has a date. */
  readonly dates: [string, string] | undefined;
  /**
   * One search, fetching nothing (the `search` function fetches what it
   * needs). Throws an `Error` for a bad option (`limit` below 0, an
   * unknown `sort`, a date not like "2024-08-07" or "Aug 7").
   */
  search(query: string, options?: SearchOptions): EngineResults;
  /**
   * Adds a part named in `missing`, from its bytes. The engine keeps up to
   * 1 MB of parts; beyond that it drops the least recently used, and names
   * them in `missing` again when a query needs them.
   */
  addPart(name: string, bytes: Uint8Array): void;
  /** Frees the engine's memory. Do not: it is shared with the page's widgets. */
  free(): void;
}

/** Loads the engine and an index, once: `index.psi` beside the script, or the index file at `indexUrl`. */
export function load(indexUrl?: string): Promise<Engine>;
/**
 * Searches, fetching the parts of a split index and the meaning shards the
 * query needs; resolves to the results ranked with meaning.
 */
export function search(query: string, options?: SearchOptions, indexUrl?: string): Promise<Results>;

/**
 * `<papersift-search>`: attributes `mode="modal"`, `results-page`, `limit`,
 * `index`, `theme`, `no-url`, `no-hotkeys`, `no-recent`, and `text-*` for every UI
 * string (README.md lists them). Fires `papersift-results` with
 * `{query, total}` once per settled query (400 ms after the last keystroke).
 * On an archive it shows a date filter and a sort, kept in the address as
 * `?q=…&from=YYYY-MM-DD&to=YYYY-MM-DD&sort=date|relevance`.
 */
export class PapersiftSearch extends HTMLElement {}

declare const papersift: {
  load: typeof load;
  search: typeof search;
  Element: typeof PapersiftSearch;
};
export default papersift;

declare global {
  interface HTMLElementTagNameMap {
    "papersift-search": PapersiftSearch;
  }
}
