"""Distinctive terms of each meeting (weighted log-odds), and those the codebook does not cover."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from msmeetings import tables
from msmeetings.errors import InputError
from msmeetings.segment import TEXT_KINDS
from msmeetings.themes.coding import SEGMENT_INPUT_COLUMNS, _check_segments
from msmeetings.themes.compare import _meeting_ids

# Words every document shares because of its subject or its genre; they tell the reader nothing
# about what one meeting discussed that the others did not.
DOMAIN_STOP_WORDS = frozenset(
    {
        "migrant",
        "migrants",
        "smuggling",
        "smuggled",
        "smugglers",
        "smuggle",
        "eurojust",
        "meeting",
        "meetings",
        "participants",
        "participant",
        "workshop",
        "workshops",
        "session",
        "report",
        "presented",
        "discussed",
        "discussion",
        "discussions",
        "highlighted",
        "including",
        "particular",
        "particularly",
        "especially",
        "order",
        "regard",
        "way",
        "ways",
        "page",
        "infra",
        "supra",
        "hague",
        "eu",
        "european",
        "union",
        "member",
        "states",
        "state",
        "did",
        "does",
        "shall",
        "would",
        "example",
        "etc",
    }
)
_ROMAN_RE = re.compile(r"^(?=[ivxlc]+$)m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens (letters, with inner hyphens or apostrophes); digits and possessive 's dropped."""
    tokens = (t.lower().replace("’", "'") for t in _TOKEN_RE.findall(text))
    return [t[:-2] if t.endswith("'s") else t for t in tokens]


def _is_content_word(token: str, stop_words: frozenset[str]) -> bool:
    return len(token) >= 2 and token not in stop_words and not _ROMAN_RE.match(token)


def count_terms(texts, stop_words: frozenset[str]) -> Counter:
    """Count unigrams and bigrams of content words; a bigram never spans a removed word."""
    counts: Counter = Counter()
    for text in texts:
        tokens = tokenize(text)
        keep = [_is_content_word(t, stop_words) for t in tokens]
        for i, token in enumerate(tokens):
            if keep[i]:
                counts[token] += 1
                if i + 1 < len(tokens) and keep[i + 1]:
                    counts[f"{token} {tokens[i + 1]}"] += 1
    return counts


def compute_distinctive_terms(
    segments: pd.DataFrame,
    meetings,
    top_n: int = 10,
    *,
    min_count: int = 2,
    prior_size: float = 200.0,
) -> pd.DataFrame:
    """Terms most distinctive of each meeting against the others (Monroe et al. 2008).

    Weighted log-odds ratio with an informative Dirichlet prior: the prior for a term is its share
    of the whole corpus times prior_size, so rare terms are shrunk towards zero instead of topping
    the list by chance. Each meeting is compared with all other meetings together. Text blocks only;
    stop words (scikit-learn's English list plus DOMAIN_STOP_WORDS) and numbers removed; terms are
    words and two-word phrases. A word is left out where a two-word phrase holding it occurs as
    often in the meeting, since it says nothing the phrase does not ("south" beside "south partner").
    prior_size 200 (about 3% of the seed corpus's content words) lets the short documents' own
    counts speak; larger values favour the long reports' frequent words.

    Returns:
        meeting_id, term, count (occurrences in the meeting), z_score (2 decimals), rank (1 = most
        distinctive); top_n terms per meeting with count >= min_count and z_score > 0.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # heavy: loaded only for this table

    if top_n < 1:
        raise InputError(f"parameter top_n_terms: {top_n} must be at least 1.")
    _check_segments(segments, SEGMENT_INPUT_COLUMNS)
    stop_words = frozenset(ENGLISH_STOP_WORDS) | DOMAIN_STOP_WORDS
    blocks = segments.loc[segments["kind"].isin(TEXT_KINDS)]
    meeting_ids = _meeting_ids(meetings)
    per_meeting = {
        m: count_terms(blocks.loc[blocks["meeting_id"] == m, "text"].fillna("").astype(str), stop_words)
        for m in meeting_ids
    }
    total: Counter = Counter()
    for counts in per_meeting.values():
        total.update(counts)
    n_total = sum(total.values())
    rows = []
    if n_total == 0:
        return pd.DataFrame(rows, columns=tables.column_names("distinctive_terms"))
    vocab = sorted(total)
    y_all = np.array([total[w] for w in vocab], dtype=float)
    alpha = prior_size * y_all / n_total
    alpha0 = alpha.sum()
    for meeting_id in meeting_ids:
        y_i = np.array([per_meeting[meeting_id].get(w, 0) for w in vocab], dtype=float)
        y_j = y_all - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        if n_i == 0 or n_j == 0:
            continue
        delta = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - np.log(
            (y_j + alpha) / (n_j + alpha0 - y_j - alpha)
        )
        z = delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
        frame = pd.DataFrame({"term": vocab, "count": y_i.astype(int), "z_score": np.round(z, 2)})
        frame = frame[(frame["count"] >= min_count) & (frame["z_score"] > 0)]
        counts = per_meeting[meeting_id]
        covered = {w for term, n in counts.items() if " " in term for w in term.split(" ") if counts.get(w) == n}
        frame = frame[~frame["term"].isin(covered)]
        frame = frame.sort_values(["z_score", "count", "term"], ascending=[False, False, True], kind="mergesort").head(
            top_n
        )
        for rank, row in enumerate(frame.itertuples(index=False), start=1):
            rows.append((meeting_id, row.term, int(row.count), float(row.z_score), rank))
    return pd.DataFrame(rows, columns=tables.column_names("distinctive_terms"))


def find_uncoded_terms(distinctive: pd.DataFrame, theme_codes: pd.DataFrame) -> pd.DataFrame:
    """Distinctive terms the codebook did not pick up: candidates for new patterns, or genre words.

    A term counts as covered when each of its words occurs in a term the coding matched somewhere
    ("money" is covered by "money transfers"; "focus group" by "focus group").
    """
    matched_words = set()
    for terms in theme_codes["matched_terms"]:
        for term in terms.split("; "):
            matched_words.update(tokenize(term))
    covered = [all(w in matched_words for w in term.split(" ")) for term in distinctive["term"]]
    return distinctive.loc[~np.array(covered, dtype=bool)].reset_index(drop=True)
