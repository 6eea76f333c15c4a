// The loader: the engine (the wasm module, instantiated once per page) and
// its indexes. Over http(s) it fetches the wasm (papersift-<hash>.wasm) and
// the index's root (index.psi, afresh at each page load); opened from disk,
// where fetch() is refused, it loads the same bytes as base64 from a
// classic script. The parts of an index (a split index's buckets and doc
// shards, and the meaning shards of any index) are fetched here too, as
// searches ask for them; from disk, a meaning shard comes as a classic
// script beside it (`<name>.js`). This is the one JS home of that loop: the
// element, the `papersift` API and the benchmark page all search through
// it.
//
// Uses `base` (the folder the script or module was loaded from), which the
// wrapper (classic.js or module.js) defines.

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = url;
    s.onload = resolve;
    s.onerror = () => reject(new Error("cannot load " + url));
    document.head.appendChild(s);
  });
}

function fromBase64(text) {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** The wasm's file, named by its content (the site build writes the name in). */
const WASM_FILE = "@papersift-wasm@";

let modulePromise = null;
function loadModule() {
  if (!modulePromise) {
    modulePromise = (async () => {
      if (typeof WebAssembly !== "object") {
        throw new Error("this browser does not run WebAssembly");
      }
      let source;
      if (location.protocol === "file:") {
        // fetch() of a file is refused; a classic script is not.
        await loadScript(new URL("papersift_bg.wasm.js", base).href);
        source = fromBase64(self.papersiftWasmBase64);
      } else {
        source = new URL(WASM_FILE, base);
      }
      await papersiftWasm({ module_or_path: source });
      return papersiftWasm;
    })();
  }
  return modulePromise;
}

/** The address of an index: the `index` attribute's, or `index.psi` beside the script. */
function indexAddress(attribute) {
  return attribute ? new URL(attribute, location.href).href : new URL("index.psi", base).href;
}

/**
 * An index's root. Over http it is revalidated at each page load and each
 * check for a newer one (a conditional request: 304 when it has not
 * changed), so a visitor whose browser cached yesterday's pages still
 * searches today's index; its parts are named by their content and may be
 * cached forever. From disk the wasm's script copy carries it.
 */
async function fetchRoot(url) {
  if (location.protocol === "file:") {
    await loadModule();
    const disk = url === indexAddress() && self.papersiftDiskRoot;
    if (typeof disk === "string") return fromBase64(disk);
    throw new Error("an index other than index.psi beside papersift.js needs a web server");
  }
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) {
    const name = decodeURIComponent(new URL(url).pathname.split("/").pop());
    throw new Error(`index ${name}: HTTP ${response.status} (papersift publish writes it)`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Per engine: its index's address (its parts are in `papersift-index/` beside it) and root. */
const indexOf = new WeakMap();
function engineFor(wasm, url, root) {
  const engine = wasm.Papersift.fromBytes(root);
  indexOf.set(engine, { url, root, parts: new URL("papersift-index/", url) });
  return engine;
}

const engines = new Map();
/** The engine for the index at `url` (an `indexAddress`); loaded once, the wasm and the root at the same time. */
function loadEngine(url) {
  if (!engines.has(url)) {
    const loading = Promise.all([loadModule(), fetchRoot(url)]).then(([wasm, root]) => engineFor(wasm, url, root));
    engines.set(url, loading);
    loading.catch(() => engines.delete(url));
  }
  return engines.get(url);
}

const refreshing = new Map();
/**
 * Whether the index at `url` was published again since its engine loaded:
 * resolves to the new engine (which later loads get too), or null when it
 * is the same. Throws when this page's engine cannot read the new index
 * (the site's engine changed too): only a reload helps then.
 */
function refreshEngine(url) {
  if (location.protocol === "file:" || !engines.has(url)) return Promise.resolve(null);
  if (!refreshing.has(url)) {
    const check = (async () => {
      const current = await engines.get(url);
      // Offline, or the host failing: the index this page has stands.
      const root = await fetchRoot(url).catch(() => null);
      if (!root) return null;
      const old = indexOf.get(current).root;
      if (root.length === old.length && root.every((b, i) => b === old[i])) return null;
      const engine = engineFor(await loadModule(), url, root);
      engines.set(url, Promise.resolve(engine));
      return engine;
    })();
    refreshing.set(url, check);
    check.finally(() => refreshing.delete(url)).catch(() => {});
  }
  return refreshing.get(url);
}

/** What to tell the visitor about `error`. */
function messageOf(error) {
  const text = error && error.message ? error.message : String(error);
  if (/Content Security Policy|unsafe-eval|wasm-eval/i.test(text)) {
    return "this page's Content-Security-Policy does not allow WebAssembly (it needs 'wasm-unsafe-eval')";
  }
  if (error instanceof WebAssembly.RuntimeError) {
    return "the search engine stopped (" + text + "); reload the page";
  }
  return text;
}

/**
 * A part of a split index could not be fetched: worth a retry, unless its
 * `status` is 404 or 410 (the site was redeployed: the part is gone).
 */
class PartError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** A part's bytes read from disk: its classic-script twin sets them. */
async function partFromScript(url, name) {
  const parts = (self.papersiftParts = self.papersiftParts || {});
  await loadScript(url.href + ".js");
  const text = parts[name];
  delete parts[name];
  if (typeof text !== "string") throw new Error(name + ": not in its script");
  return fromBase64(text).buffer;
}

/**
 * A small site's bucket, doc shard or typo shard from the wasm's script copy (loaded
 * only from disk), or null.
 */
function diskPart(name) {
  const text = self.papersiftDiskParts && self.papersiftDiskParts[name];
  return typeof text === "string" ? fromBase64(text).buffer : null;
}

/** Whether a split index's parts can be had here: over http, or from disk when the script copy carries them. */
function partsReachable() {
  return location.protocol !== "file:" || typeof self.papersiftDiskParts === "object";
}

/** An index's part, fetched at most once at a time per engine. */
const parts = new WeakMap();
function loadPart(engine, name) {
  let started = parts.get(engine);
  if (!started) parts.set(engine, (started = new Map()));
  if (!started.has(name)) {
    const url = new URL(name, indexOf.get(engine).parts);
    const read = (buf) => ({ ok: true, arrayBuffer: () => buf });
    const disk = diskPart(name);
    const get = disk
      ? Promise.resolve(read(disk))
      : location.protocol === "file:" && name.startsWith("m-")
        ? partFromScript(url, name).then(read)
        : fetch(url);
    const promise = get
      .then(
        (r) => {
          if (!r.ok) throw new PartError(`${name}: HTTP ${r.status}`, r.status);
          return r.arrayBuffer();
        },
        (e) => {
          throw new PartError(`${name}: ${messageOf(e)}`);
        }
      )
      .then((buf) => engine.addPart(name, new Uint8Array(buf)))
      // Forgotten once added (or failed): the engine holds what it
      // added, and may drop it later to bound its memory and ask again.
      .finally(() => started.delete(name));
    started.set(name, promise);
  }
  return started.get(name);
}

/** How long a query shown by its words rests before its meaning shards are fetched. */
const MEANING_DELAY_MS = 150;

/**
 * Searches, first fetching (in parallel) the parts the engine asks for.
 * Resolves to null once `isStale()` says a newer query took over, so an
 * outdated query neither fetches more nor makes the engine's part cache
 * drop what the newer one uses. Results ranked by the words alone while
 * meaning shards are `pending` go to `onEarly` (to show them at once);
 * the answer is the one ranked with meaning, or, if its shards cannot be
 * fetched, the one by the words. With `onEarly`, the shards are fetched
 * only if no newer query came within MEANING_DELAY_MS.
 */
async function searchWithParts(engine, query, options, onFetch, isStale, onEarly) {
  for (let round = 0; round < 8; round++) {
    if (isStale && isStale()) return null;
    const answer = engine.search(query, options);
    if (answer.missing) {
      onFetch();
      await Promise.all(answer.missing.map((name) => loadPart(engine, name)));
      continue;
    }
    if (!answer.pending || round > 6) return answer;
    if (onEarly) {
      onEarly(answer);
      // As the visitor types, each new prefix would name a new shard:
      // fetch only once the query has rested a moment.
      await new Promise((resolve) => setTimeout(resolve, MEANING_DELAY_MS));
      if (isStale && isStale()) return null;
    }
    if (!(await loadMeaning(engine, answer.pending))) return answer;
  }
  throw new Error("the index keeps asking for more files");
}

/** How long meaning shards may take before the words' ranking stands. */
const MEANING_WAIT_MS = 10000;
/** Per engine: meaning shards that could not be fetched (not asked for again). */
const unavailable = new WeakMap();

/**
 * Fetches meaning shards; false when one cannot be had (unfetchable now or
 * before, or late): meaning is a bonus, the words' ranking then stands. A
 * shard the engine refuses (damaged, of another build) is an error.
 */
async function loadMeaning(engine, names) {
  let failed = unavailable.get(engine);
  if (!failed) unavailable.set(engine, (failed = new Set()));
  if (names.some((name) => failed.has(name))) return false;
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve(false), MEANING_WAIT_MS)));
  const fetched = Promise.all(
    names.map((name) =>
      loadPart(engine, name).catch((error) => {
        if (!(error instanceof PartError)) throw error;
        failed.add(name);
      })
    )
  ).then(() => names.every((name) => !failed.has(name)));
  try {
    return await Promise.race([fetched, late]);
  } finally {
    clearTimeout(timer);
  }
}
