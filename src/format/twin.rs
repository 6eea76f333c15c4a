//! Script twins: a meaning shard's bytes in a classic script, for pages
//! opened from disk, where `fetch` is refused but `<script src>` is not.
//! Written beside the shards of a whole index and of a small split one
//! (a large split index needs http anyway). Native only: publishing, not searching.

use base64::Engine as _;

use super::write::Files;

/// `files` and, beside each meaning shard, its classic-script twin
/// (`<name>.js`), which a page opened from disk (where `fetch` is refused)
/// loads instead: it stores the shard's bytes as base64 in
/// `self.papersiftParts[name]`.
pub fn with_script_twins(files: Files) -> Files {
    let mut out = Vec::with_capacity(files.len() * 2);
    for (name, bytes) in files {
        if name.starts_with("m-") {
            let text = base64::engine::general_purpose::STANDARD.encode(&bytes);
            let script =
                format!("(self.papersiftParts=self.papersiftParts||{{}})[{name:?}]=\"{text}\";\n");
            out.push((format!("{name}.js"), script.into_bytes()));
        }
        out.push((name, bytes));
    }
    out
}
