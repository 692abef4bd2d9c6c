"""The default scorer: a small hashed n-gram model that ships inside the package.

No network, no pickle, numpy only at run time. Texts are normalised
(:func:`plugin.normalize.normalize`), lower-cased, and turned into hashed
features -- character 2-5-grams over the space-padded text and word unigrams and
bigrams -- by a vectorised numpy hasher (no vocabulary to store), plus, when
``model.json`` lists a lexicon, a few dozen 0/1 features from curated EN/FR word
lists (:class:`Lexicon`: group nouns, dehumanising terms, slurs, violence,
insults, negation, reported speech ... and pairs of them). Each label is a
logistic regression over those features; its weights are in ``weights.npz``
(float16), and ``model.json`` holds the feature parameters, labels, Platt
calibration (``p = sigmoid(a * logit + b)``), thresholds and version. See
``embedded_model/MODEL_CARD.md`` for the data, figures and known weaknesses.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..normalize import normalize
from .base import Scores, ScorerError

__all__ = ["EmbeddedScorer", "Featurizer", "Lexicon", "prepare", "DEFAULT_MODEL_DIR"]

DEFAULT_MODEL_DIR = Path(__file__).with_name("embedded_model")

_TAG = re.compile(r"<[^<>]{0,300}>")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"@\w+")
_SPACES = re.compile(r"\s+")
_RT = re.compile(r"^(?:rt\s+)?(?:@user[\s:,]*)+")

_MASK64 = (1 << 64) - 1
_P = 0x100000001B3  # FNV prime: odd, so invertible mod 2**64
_P_INV = pow(_P, -1, 1 << 64)
_MIX1 = 0x9E3779B97F4A7C15
_MIX2 = 0xBF58476D1CE4E5B9
_TAG_WORD = 0x5157A1C3E1D2B4F7
_TAG_BIGRAM = 0x2545F4914F6CDD1D


def prepare(text: str) -> str:
    """Normalise a raw comment the way the model saw its training text."""
    text = normalize(text if isinstance(text, str) else str(text)).lower()
    text = _TAG.sub(" ", text)
    text = _URL.sub(" url ", text)
    text = _MENTION.sub("@user", text)
    text = _SPACES.sub(" ", text).strip()
    text = _RT.sub("", text)
    return text


class Featurizer:
    """Hashes prepared texts into sparse (row, column, value) triples.

    Character n-grams (``char_min``..``char_max``) over ``" " + text + " "`` and
    word unigrams + bigrams are hashed into ``2**bits`` columns; each block is
    sublinear-tf (``1 + log(count)``) and l2-normalised on its own, then the two
    blocks are added. Deterministic across processes and platforms.
    """

    def __init__(self, bits: int = 20, char_min: int = 2, char_max: int = 5) -> None:
        self.bits = int(bits)
        self.char_min = int(char_min)
        self.char_max = int(char_max)
        self.n_features = 1 << self.bits
        self._pow = np.ones(1, dtype=np.uint64)
        self._ipow = np.ones(1, dtype=np.uint64)
        self._word_table = np.array(
            [chr(i).isalnum() or chr(i) in "'’" for i in range(0x3000)], dtype=bool
        )
        self._lock = threading.Lock()

    def params(self) -> dict[str, Any]:
        return {"kind": "numpy-polyhash-v1", "bits": self.bits,
                "char_min": self.char_min, "char_max": self.char_max}

    def _powers(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            if len(self._pow) < n:
                size = max(n, 2 * len(self._pow), 1 << 16)
                with np.errstate(over="ignore"):
                    p = np.full(size, _P, dtype=np.uint64)
                    p[0] = 1
                    self._pow = np.cumprod(p, dtype=np.uint64)
                    q = np.full(size, _P_INV, dtype=np.uint64)
                    q[0] = 1
                    self._ipow = np.cumprod(q, dtype=np.uint64)
            return self._pow[:n], self._ipow[:n]

    def _finish(self, h: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            h = h * np.uint64(_MIX1)
            h ^= h >> np.uint64(31)
            h *= np.uint64(_MIX2)
            h ^= h >> np.uint64(29)
        return (h >> np.uint64(64 - self.bits)).astype(np.uint32)

    def transform(self, prepared: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(rows, cols, values)`` for already-prepared texts (rows sorted)."""
        n_docs = len(prepared)
        if n_docs == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0, dtype=np.float32)
        # Keys are packed into uint32 as doc(11 bits) | block(1) | column(bits), so
        # texts are hashed in chunks of 2**(31 - bits) documents.
        chunk = 1 << max(0, 31 - self.bits)
        if n_docs > chunk:
            parts = [self.transform(prepared[i:i + chunk]) for i in range(0, n_docs, chunk)]
            rows = np.concatenate([p[0] + i * chunk for i, p in enumerate(parts)])
            return (rows, np.concatenate([p[1] for p in parts]),
                    np.concatenate([p[2] for p in parts]))
        padded = [" " + t + " " for t in prepared]
        lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=n_docs)
        joined = "".join(padded)
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        total = len(codes)
        doc = np.repeat(np.arange(n_docs, dtype=np.uint32), lengths)
        pw, ipw = self._powers(total + 1)
        with np.errstate(over="ignore"):
            weighted = (codes.astype(np.uint64) + np.uint64(1)) * pw[:total]
            prefix = np.zeros(total + 1, dtype=np.uint64)
            np.cumsum(weighted, out=prefix[1:])
        # Position of each character's document end, to keep n-grams inside documents.
        doc_end = np.cumsum(lengths)[doc.astype(np.int64)]
        positions = np.arange(total, dtype=np.int64)

        shift = np.uint32(self.bits + 1)
        key_parts: list[np.ndarray] = []
        for n in range(self.char_min, self.char_max + 1):
            start = positions[positions + n <= doc_end]
            with np.errstate(over="ignore"):
                h = (prefix[start + n] - prefix[start]) * ipw[start] + np.uint64(n)
            key_parts.append((doc[start] << shift) | self._finish(h))

        # Words: maximal runs of letters/digits/apostrophes.
        is_word = np.zeros(total, dtype=bool)
        small = codes < len(self._word_table)
        is_word[small] = self._word_table[codes[small]]
        edges = np.diff(np.concatenate(([False], is_word, [False])).astype(np.int8))
        w_start = np.flatnonzero(edges == 1)
        w_end = np.flatnonzero(edges == -1)
        with np.errstate(over="ignore"):
            wh = ((prefix[w_end] - prefix[w_start]) * ipw[w_start]) ^ np.uint64(_TAG_WORD)
            w_doc = doc[w_start]
            same = w_doc[1:] == w_doc[:-1]
            bh = (wh[:-1][same] * np.uint64(_MIX2) + wh[1:][same]) ^ np.uint64(_TAG_BIGRAM)
        block = np.uint32(1 << self.bits)
        key_parts.append((w_doc << shift) | self._finish(wh) | block)
        key_parts.append((w_doc[:-1][same] << shift) | self._finish(bh) | block)

        keys = np.concatenate(key_parts)
        keys.sort()
        if len(keys) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0, dtype=np.float32)
        first = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        counts = np.diff(np.append(first, len(keys)))
        uniq = keys[first]
        rows = (uniq >> shift).astype(np.int64)
        blocks = ((uniq >> np.uint32(self.bits)) & np.uint32(1)).astype(np.int64)
        cols = (uniq & np.uint32(self.n_features - 1)).astype(np.int64)
        v = (1.0 + np.log(counts)).astype(np.float32)
        seg = rows * 2 + blocks
        norms = np.sqrt(np.bincount(seg, weights=v * v, minlength=2 * n_docs)).astype(np.float32)
        v /= norms[seg]
        return rows, cols, v

_LEX_TOKEN = re.compile(r"[^\W\d_]+")
_QUOTES = re.compile("[\"“”«»]")
_TOKEN_CACHE_SIZE = 200_000  # distinct tokens remembered by a Lexicon (a few MiB at most)
# Words run together to dodge filters ("muslimsarevermin", "killallmigrants"):
# an unmatched token this long is searched for entries of at least _JOINED_PIECE
# letters (v3.5).
_JOINED_MIN = 10
_JOINED_PIECE = 4


class Lexicon:
    """Dense presence features from curated word lists (stored in ``model.json``).

    Each category (group nouns, dehumanising terms, slurs, violence words, insult
    nouns, second-person words, negation, reporting verbs ...) gives one 0/1
    feature: does the prepared text hold one of its entries. An entry is a word,
    a two- or three-word phrase, or a prefix ending in ``*``; words also match with
    a final ``s`` / ``x`` removed. ``pairs`` add one feature per pair of
    categories present together (``group`` with ``dehumanising``, ...). The
    pseudo-category ``QUOTE`` is on when the text holds quotation marks. The
    features go into the same linear model as the hashed n-grams; they are
    inputs, not rules.
    """

    def __init__(self, categories: dict[str, list[str]], pairs: Sequence[Sequence[str]] = ()) -> None:
        # sorted, so the column order does not depend on how the dict was stored
        self.categories = {k: list(categories[k]) for k in sorted(categories)}
        self.names = list(self.categories) + ["QUOTE"]
        index = {name: i for i, name in enumerate(self.names)}
        self.pairs = [(str(a), str(b)) for a, b in pairs]
        self._pair_idx = [(index[a], index[b]) for a, b in self.pairs]
        self.n = len(self.names) + len(self.pairs)
        self._quote = index["QUOTE"]
        self._words: dict[str, int] = {}
        self._phrases: dict[tuple[str, ...], int] = {}
        self._prefixes: dict[str, int] = {}
        for name, entries in self.categories.items():
            bit = 1 << index[name]
            for entry in entries:
                entry = entry.lower()
                if entry.endswith("*"):
                    key = entry[:-1]
                    self._prefixes[key] = self._prefixes.get(key, 0) | bit
                    continue
                toks = tuple(_LEX_TOKEN.findall(entry))
                if len(toks) == 1:
                    self._words[toks[0]] = self._words.get(toks[0], 0) | bit
                elif toks:
                    self._phrases[toks] = self._phrases.get(toks, 0) | bit
        self._prefix_lens = sorted({len(p) for p in self._prefixes})
        self._group_bit = 1 << index["group"] if "group" in index else 0
        self._longest = max(map(len, [*self._words, *self._prefixes]), default=0)
        self._phrase_lens = sorted({len(p) for p in self._phrases})
        self._phrase_first = {p[0] for p in self._phrases}
        # token -> bits; words repeat (Zipf), so most tokens are one lookup.
        # Plain dict ops are atomic under the GIL: safe across scoring threads.
        self._token_cache: dict[str, int] = {}

    def params(self) -> dict[str, Any]:
        return {"categories": self.categories, "pairs": [list(p) for p in self.pairs]}

    def _token_bits(self, t: str) -> int:
        """Categories one token belongs to, as a bit mask: word (or its plural) and prefixes."""
        words, prefixes = self._words, self._prefixes
        b = words.get(t)
        if b is None and len(t) > 3 and t[-1] in "sx":
            b = words.get(t[:-1])
        m = b or 0
        for n in self._prefix_lens:
            if len(t) < n:
                break
            m |= prefixes.get(t[:n], 0)
        if b is None and len(t) >= _JOINED_MIN and self._group_bit:
            m |= self._joined_bits(t)
        if len(self._token_cache) >= _TOKEN_CACHE_SIZE:
            self._token_cache.clear()
        self._token_cache[t] = m
        return m

    def _joined_bits(self, t: str) -> int:
        """Categories of a token that is words run together, or 0.

        The token counts as joined words only when it holds a ``group`` entry
        and, in a separate stretch, an entry of another category, one of the two
        starting or ending the token (a group entry under five letters must do so
        itself): "muslimsarevermin" is group + dehumanising, "killallmigrants"
        violence + group; "therapist" and "aromatherapist" stay unmatched.
        """
        pieces = []
        for i in range(len(t) - _JOINED_PIECE + 1):
            for n in range(_JOINED_PIECE, min(self._longest, len(t) - i) + 1):
                b = self._words.get(t[i:i + n], 0) | self._prefixes.get(t[i:i + n], 0)
                if b:
                    end = i == 0 or i + n == len(t) or (i + n == len(t) - 1 and t[-1] in "sx")
                    pieces.append((i, i + n, b, end))
        group = self._group_bit
        for gi, gj, gb, g_end in pieces:
            if not gb & group or (gj - gi < 5 and not g_end):
                continue
            for i, j, b, end in pieces:
                if b & ~group and (j <= gi or i >= gj) and (g_end or end):
                    return gb | b
        return 0

    def _mask(self, text: str) -> int:
        toks = _LEX_TOKEN.findall(text)
        cache, phrases = self._token_cache, self._phrases
        m = 0
        for i, t in enumerate(toks):
            b = cache.get(t)
            m |= self._token_bits(t) if b is None else b
            if t in self._phrase_first:
                for n in self._phrase_lens:
                    b = phrases.get(tuple(toks[i:i + n]))
                    if b:
                        m |= b
        if _QUOTES.search(text):
            m |= 1 << self._quote
        return m

    def transform(self, prepared: Sequence[str]) -> np.ndarray:
        """Return a float32 array ``(len(prepared), n)`` of 0/1 features."""
        k = len(self.names)
        masks = [self._mask(t) for t in prepared]
        out = np.zeros((len(prepared), self.n), dtype=np.float32)
        if not masks:
            return out
        arr = np.array(masks, dtype=np.uint64)
        bits = ((arr[:, None] >> np.arange(k, dtype=np.uint64)) & np.uint64(1)).astype(np.float32)
        out[:, :k] = bits
        for j, (a, b) in enumerate(self._pair_idx):
            out[:, k + j] = bits[:, a] * bits[:, b]
        return out


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))


class EmbeddedScorer:
    """Scores comments with the embedded hashed n-gram model (no network, numpy only)."""

    name = "embedded"

    def __init__(self, model_dir: str | Path | None = None) -> None:
        directory = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
        meta_path = directory / "model.json"
        weights_path = directory / "weights.npz"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            raw = weights_path.read_bytes()
        except OSError as exc:
            raise ScorerError(f"embedded model not found in {directory}: {exc}") from exc
        import io

        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            weights = np.asarray(npz["weights"], dtype=np.float32)
            bias = np.asarray(npz["bias"], dtype=np.float64)
        fparams = meta["features"]
        if fparams.get("kind") != "numpy-polyhash-v1":
            raise ScorerError(f"unsupported feature kind {fparams.get('kind')!r}")
        self.featurizer = Featurizer(fparams["bits"], fparams["char_min"], fparams["char_max"])
        lex = fparams.get("lexicon")
        self.lexicon: Lexicon | None = (
            Lexicon(lex["categories"], lex.get("pairs", ())) if lex else None
        )
        n_rows = self.featurizer.n_features + (self.lexicon.n if self.lexicon else 0)
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        if weights.shape != (n_rows, len(self.labels)):
            raise ScorerError(f"weights shape {weights.shape} does not match model.json")
        self.weights = weights
        self.bias = bias
        cal = meta["calibration"]
        self.cal_a = np.array([cal[lbl]["a"] for lbl in self.labels], dtype=np.float64)
        self.cal_b = np.array([cal[lbl]["b"] for lbl in self.labels], dtype=np.float64)
        # (hold, reject) per label as tuned by the training script; None: never
        self.thresholds: dict[str, tuple[float | None, float | None]] = {
            k: (None if v[0] is None else float(v[0]), None if v[1] is None else float(v[1]))
            for k, v in meta.get("thresholds", {}).items()
        }
        self.meta = meta
        self.version = hashlib.sha256(raw).hexdigest()[:12]

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated logits, shape ``(len(texts), len(labels))``."""
        prepared = [prepare(t) for t in texts]
        return self.logits_prepared(prepared)

    def logits_prepared(self, prepared: Sequence[str]) -> np.ndarray:
        """Logits for texts already passed through :func:`prepare`."""
        rows, cols, vals = self.featurizer.transform(prepared)
        n = len(prepared)
        out = np.zeros((n, len(self.labels)), dtype=np.float64)
        if len(rows):
            contrib = self.weights[cols]
            contrib *= vals[:, None]
            # rows are sorted: sum each document's run of contributions at once
            starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
            out[rows[starts]] = np.add.reduceat(contrib, starts, axis=0)
        if self.lexicon is not None:
            dense = self.lexicon.transform(prepared)
            out += dense @ self.weights[self.featurizer.n_features:]
        return out + self.bias

    def score(self, texts: Sequence[str]) -> list[Scores]:
        texts = list(texts)
        if not texts:
            return []
        probs = _sigmoid(self.logits(texts) * self.cal_a + self.cal_b)
        labels = self.labels
        return [dict(zip(labels, map(float, row))) for row in probs.tolist()]
