//! A split index held in memory (native only): [`Engine::search_in`]
//! answers as a page over http does, adding each part a search names from
//! the files `encode_split` made. The CLI searches a small site's index
//! this way, so that it ranks exactly as the widget; tests and benches too.

use std::collections::HashMap;

use super::{Answer, Engine, LoadError, Options, Results};

/// Rounds of adding parts before a search is given up (a page's loader
/// allows as many).
const ROUNDS: usize = 8;

impl Engine {
    /// Searches, adding the parts the search names ([`Answer::Missing`],
    /// then [`Results::pending`]) from `files` until it answers. A whole
    /// index needs none. A part `files` lacks is
    /// [`LoadError::UnknownFile`]; a search still missing parts after as
    /// many rounds as a page allows is [`LoadError::Endless`] (still
    /// pending meaning shards then, it answers by the words, as a page does).
    pub fn search_in(
        &mut self,
        text: &str,
        options: &Options,
        files: &HashMap<String, Vec<u8>>,
    ) -> Result<Results, LoadError> {
        for round in 1..=ROUNDS {
            let names = match self.search(text, options) {
                Answer::Missing(names) => names,
                Answer::Ready(results) if results.pending.is_empty() || round == ROUNDS => {
                    return Ok(results)
                }
                Answer::Ready(results) => results.pending,
            };
            for name in names {
                let bytes = files
                    .get(&name)
                    .ok_or_else(|| LoadError::UnknownFile(name.clone()))?;
                self.add_part(&name, bytes)?;
            }
        }
        Err(LoadError::Endless)
    }
}
