//! The `#[wasm_bindgen]` surface: a thin layer over [`crate::search`].
//!
//! Errors cross into JavaScript as exceptions carrying a message; a panic
//! (which no input should reach) is reported on the console by the hook
//! installed at start-up, and surfaces in JavaScript as a `RuntimeError`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::date::date_key;
use crate::search::{Answer, DateRange, Engine, Options, Sort};

#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("papersift panicked: {info}").into());
    }));
}

/// A loaded index.
#[wasm_bindgen]
pub struct Papersift {
    engine: Engine,
}

#[wasm_bindgen]
impl Papersift {
    /// Loads the index embedded in this build.
    pub fn embedded() -> Result<Papersift, JsError> {
        Self::from_bytes(crate::EMBEDDED_INDEX)
    }

    /// Loads an index from its encoded bytes.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<Papersift, JsError> {
        let engine = Engine::from_bytes(bytes).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Papersift { engine })
    }

    /// Number of documents in the index.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.engine.len()
    }

    /// Whether the index is split into files fetched on demand.
    #[wasm_bindgen(getter, js_name = isSplit)]
    pub fn is_split(&self) -> bool {
        self.engine.is_split()
    }

    /// Adds a part named in an answer's `missing` (a split index's) or
    /// `pending` (a meaning shard) list.
    #[wasm_bindgen(js_name = addPart)]
    pub fn add_part(&mut self, name: &str, bytes: &[u8]) -> Result<(), JsError> {
        self.engine
            .add_part(name, bytes)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// The first and last dates of the index's papers, ISO 8601
    /// (`["2024-08-07", "2025-01-05"]`), or `undefined` when none has one.
    #[wasm_bindgen(getter)]
    pub fn dates(&self) -> Option<Vec<String>> {
        let (first, last) = self.engine.date_span()?;
        Some(vec![first.iso(), last.iso()])
    }

    /// The index format version this module reads.
    #[wasm_bindgen(js_name = formatVersion)]
    pub fn format_version() -> u16 {
        crate::FORMAT_VERSION
    }

    /// Searches: `search(query, {limit, sort, from, to, facets, meaning})` →
    /// `{query, results, total, suggestion, facets, pending}` (`facets`: the
    /// count of matches in each `{from, to}` range asked for; `pending`: the
    /// meaning shards to add with `addPart` before searching again for the
    /// ranking with meaning; these results rank by the words alone), or, on
    /// a split index whose files are not all loaded yet,
    /// `{missing: [file, …]}`: add those with `addPart` and search again.
    /// `sort` is `"relevance"` (the default) or `"date"`; `from` and `to`
    /// are dates (`"2024-08-07"`, or as a digest prints them, `"Aug 7"`);
    /// `meaning: false` ranks by the words alone.
    pub fn search(&mut self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let opts = parse_options(&options)?;
        self.engine
            .check(&opts)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let ser = serde_wasm_bindgen::Serializer::json_compatible();
        let value = match self.engine.search(query, &opts) {
            Answer::Ready(results) => serde::Serialize::serialize(&results, &ser),
            Answer::Missing(missing) => serde::Serialize::serialize(&Missing { missing }, &ser),
        };
        value.map_err(|e| JsError::new(&e.to_string()))
    }
}

/// The JSON of [`Answer::Missing`]: `{missing: [file, …]}`.
#[derive(serde::Serialize)]
struct Missing {
    missing: Vec<String>,
}

fn parse_options(options: &JsValue) -> Result<Options, JsError> {
    let mut opts = Options::default();
    if !options.is_object() {
        return Ok(opts);
    }
    let get = |key: &str| js_sys::Reflect::get(options, &key.into()).ok();
    if let Some(limit) = get("limit").and_then(|v| v.as_f64()) {
        if !(limit.is_finite() && limit >= 0.0) {
            return Err(JsError::new("limit must be a number >= 0"));
        }
        opts.limit = limit.min(1000.0) as usize;
    }
    match get("sort").and_then(|v| v.as_string()).as_deref() {
        None | Some("relevance") => {}
        Some("date") => opts.sort = Sort::Date,
        Some(other) => return Err(JsError::new(&format!("unknown sort \"{other}\""))),
    }
    match get("meaning").filter(|v| !v.is_undefined()) {
        None => {}
        Some(v) => {
            opts.meaning = v
                .as_bool()
                .ok_or_else(|| JsError::new("meaning must be true or false"))?
        }
    }
    opts.from = date_of(options, "from")?;
    opts.to = date_of(options, "to")?;
    if let Some(facets) = get("facets").filter(|f| !f.is_undefined()) {
        let facets: js_sys::Array = facets
            .dyn_into()
            .map_err(|_| JsError::new("facets must be an array of {from, to}"))?;
        for range in facets.iter().take(64) {
            let (from, to) = (date_of(&range, "from")?, date_of(&range, "to")?);
            opts.facets.push(DateRange { from, to });
        }
    }
    Ok(opts)
}

/// The date at `key` of a JS object, as a [`date_key`]; absent or null is
/// `None`, anything else that is not a date an error.
fn date_of(object: &JsValue, key: &str) -> Result<Option<u32>, JsError> {
    let value = js_sys::Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let text = value.as_string().unwrap_or_default();
    date_key(&text).map(Some).ok_or_else(|| {
        JsError::new(&format!(
            "{key}: \"{text}\" is not a date like \"2024-08-07\""
        ))
    })
}
