//! The `#[wasm_bindgen]` surface: a thin layer over [`crate::search`].
//!
//! Errors cross into JavaScript as exceptions carrying a message; a panic
//! (which no input should reach) is reported on the console by the hook
//! installed at start-up, and surfaces in JavaScript as a `RuntimeError`.

use wasm_bindgen::prelude::*;

use crate::search::{Engine, Options};

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
        self.engine.index().docs.len()
    }

    /// The index format version this module reads.
    #[wasm_bindgen(js_name = formatVersion)]
    pub fn format_version() -> u16 {
        crate::FORMAT_VERSION
    }

    /// Searches: `search(query, {limit})` → `{query, results, total, suggestion}`.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let mut opts = Options::default();
        if options.is_object() {
            let limit = js_sys::Reflect::get(&options, &"limit".into())
                .ok()
                .and_then(|v| v.as_f64());
            if let Some(limit) = limit.filter(|l| l.is_finite() && *l >= 0.0) {
                opts.limit = limit.min(1000.0) as usize;
            }
        }
        let results = self.engine.search(query, &opts);
        let ser = serde_wasm_bindgen::Serializer::json_compatible();
        serde::Serialize::serialize(&results, &ser).map_err(|e| JsError::new(&e.to_string()))
    }
}
