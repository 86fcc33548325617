"""Coding passages (or sentences) with the themes of the codebook, and the units counted."""

from __future__ import annotations

import multiprocessing
import os
import re

import numpy as np
import pandas as pd

from msmeetings import tables
from msmeetings.errors import InputError
from msmeetings.segment import TEXT_KINDS
from msmeetings.themes.anchors import _trie_pattern, stays_in_line
from msmeetings.themes.codebook import Theme, _normalise_term
from msmeetings.themes.context import blocked_spans, inside_any

UNITS = ("paragraph", "sentence")

SEGMENT_INPUT_COLUMNS = ("segment_id", "meeting_id", "kind", "text")


def _check_segments(segments: pd.DataFrame, needed: tuple[str, ...]) -> None:
    missing = [c for c in needed if c not in segments.columns]
    if missing:
        raise InputError(
            f"segments table: missing column(s) {', '.join(missing)}. Rebuild data/processed/segments.csv "
            "with notebook 01_corpus."
        )


def select_units(segments: pd.DataFrame, unit: str = "paragraph") -> pd.DataFrame:
    """Return the rows that are coding units: text blocks for "paragraph", sentences for "sentence"."""
    if unit not in UNITS:
        raise InputError(f"parameter coding_unit: '{unit}' is not a coding unit. Use one of: {', '.join(UNITS)}.")
    _check_segments(segments, SEGMENT_INPUT_COLUMNS)
    mask = segments["kind"].isin(TEXT_KINDS) if unit == "paragraph" else segments["kind"].eq("sentence")
    return segments.loc[mask]


def _candidate_units(lowered: str, starts: np.ndarray, codebook: list[Theme]) -> dict[str, np.ndarray]:
    """Per anchored theme, the indices of units holding one of its anchors (see pattern_anchors)."""
    anchored = [t for t in codebook if t.anchors]
    if not anchored or not len(starts):
        return {}
    # An anchor that starts with spaces (" how ") is searched without them, and credited only where
    # the text before its hit holds them: with a space among the first letters re could skip nothing.
    core_of = {anchor: anchor.lstrip(" ") or anchor for theme in anchored for anchor in theme.anchors}
    # A trie-shaped expression starts with a set of literal first letters, which lets re skip
    # ahead fast. Restarting one character after each hit finds every position where an anchor
    # starts (overlaps included), with the longest anchor there; the shorter anchors at the same
    # position are its prefixes and are credited below.
    search = re.compile(_trie_pattern(set(core_of.values()))).search
    found = []
    match = search(lowered, 0)
    while match is not None:
        start = match.start()
        found.append((start, match.group()))
        match = search(lowered, start + 1)
    if not found:
        return {t.id: np.zeros(0, dtype=np.int64) for t in anchored}
    positions = np.fromiter((p for p, _ in found), dtype=np.int64, count=len(found))
    hits = [h for _, h in found]
    distinct = sorted(set(hits))
    code = {hit: k for k, hit in enumerate(distinct)}
    hit_codes = np.fromiter((code[h] for h in hits), dtype=np.int64, count=len(hits))
    unit_of = np.searchsorted(starts, positions, side="right") - 1
    spaced: dict[int, np.ndarray] = {}  # per number of leading spaces: whether each hit follows as many

    def after_spaces(lead: int) -> np.ndarray:
        if lead not in spaced:
            spaces = " " * lead
            spaced[lead] = np.fromiter(
                (p >= lead and lowered[p - lead : p] == spaces for p in positions.tolist()),
                dtype=bool,
                count=len(found),
            )
        return spaced[lead]

    result = {}
    for theme in anchored:
        by_lead: dict[int, set[str]] = {}
        for anchor in theme.anchors:
            by_lead.setdefault(len(anchor) - len(core_of[anchor]), set()).add(core_of[anchor])
        credited_hits = np.zeros(len(found), dtype=bool)
        for lead, cores in by_lead.items():
            credited = np.array([any(hit[:k] in cores for k in range(1, len(hit) + 1)) for hit in distinct], dtype=bool)
            credited_hits |= credited[hit_codes] & after_spaces(lead) if lead else credited[hit_codes]
        result[theme.id] = np.unique(unit_of[credited_hits])
    return result


def _scan(
    theme: Theme, lowered: str, starts: np.ndarray, blocked: list[tuple[int, int]] | None = None
) -> dict[int, set[str]]:
    """Terms of a theme per unit, scanning a string of units joined by newlines in one pass.

    A match wholly inside a blocked span (see msmeetings.themes.context) is not counted.
    """
    matches = [(m.start(), m.end(), m.group()) for m in theme.regex.finditer(lowered)]
    if not matches:
        return {}
    spans = np.array([(a, b) for a, b, _ in matches], dtype=np.int64)
    units = np.searchsorted(starts, spans[:, 0], side="right") - 1
    excluded = []
    if theme.exclude_regex is not None:
        if stays_in_line(theme.regex.pattern) and stays_in_line(theme.exclude_regex.pattern):
            # Neither expression reaches across the newline between units: excluded phrases matter
            # only in the units that hold a match, and each such unit can be searched alone.
            search = theme.exclude_regex.finditer
            for unit in np.unique(units).tolist():
                end = int(starts[unit + 1]) - 1 if unit + 1 < len(starts) else len(lowered)
                excluded.extend(m.span() for m in search(lowered, int(starts[unit]), end))
        else:
            excluded = [m.span() for m in theme.exclude_regex.finditer(lowered)]
    ex_starts = np.array([a for a, _ in excluded], dtype=np.int64)
    ex_ends = np.array([b for _, b in excluded], dtype=np.int64)
    keep = np.ones(len(matches), dtype=bool)
    if excluded:
        # Excluded spans do not overlap each other: only the last one starting before b can overlap.
        k = np.searchsorted(ex_starts, spans[:, 1], side="left") - 1
        keep = ~((k >= 0) & (ex_ends[np.maximum(k, 0)] > spans[:, 0]))
    if blocked:
        keep &= ~inside_any(spans[:, 0], spans[:, 1], blocked)
    found: dict[int, set[str]] = {}
    for unit, is_kept, (_, _, term) in zip(units.tolist(), keep.tolist(), matches):
        if is_kept:
            found.setdefault(unit, set()).add(_normalise_term(term))
    return found


def _blocked_by_unit(blocked: list[tuple[int, int]], starts: np.ndarray) -> dict[int, list[tuple[int, int]]]:
    """Blocked spans of the joined corpus, grouped by unit, with offsets made relative to the unit."""
    by_unit: dict[int, list[tuple[int, int]]] = {}
    if not blocked:
        return by_unit
    units = np.searchsorted(starts, np.array([a for a, _ in blocked], dtype=np.int64), side="right") - 1
    for unit, (a, b) in zip(units.tolist(), blocked):
        by_unit.setdefault(unit, []).append((a - int(starts[unit]), b - int(starts[unit])))
    return by_unit


# Below this many characters a corpus is coded in one process: starting a second costs more than it saves.
PARALLEL_MIN_CHARS = 5_000_000

_FORKED_JOB: list = []


def _default_workers(n_chars: int) -> int:
    if n_chars < PARALLEL_MIN_CHARS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(2, cores)


def _run_forked_job(item):
    return _FORKED_JOB[-1](item)


def _in_processes(job, items: list, workers: int) -> list:
    """job(item) for each item, in forked worker processes (which inherit job and its data); in order."""
    _FORKED_JOB.append(job)
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(items))) as pool:
            return pool.map(_run_forked_job, items, chunksize=1)
    finally:
        _FORKED_JOB.pop()


def _theme_terms(
    theme: Theme,
    texts: list[str],
    lengths: np.ndarray,
    lowered: str,
    starts: np.ndarray,
    chosen: np.ndarray | None,
    blocked: list[tuple[int, int]],
    blocked_of: dict[int, list[tuple[int, int]]],
    separator: str = "\n",
) -> dict[int, set[str]]:
    """Terms of one theme per unit index: over the whole corpus, or only the chosen (anchored) units."""
    if chosen is None:
        return _scan(theme, lowered, starts, blocked)
    # Only the passages that hold an anchor, joined again so that one scan covers them all.
    subset = [texts[i] for i in chosen.tolist()]
    sub_lengths = lengths[chosen]
    sub_starts = np.zeros(len(subset), dtype=np.int64)
    if len(subset):
        sub_starts[1:] = np.cumsum(sub_lengths + len(separator))[:-1]
    sub_blocked = [
        (sub_starts[k] + a, sub_starts[k] + b)
        for k, unit in enumerate(chosen.tolist())
        for a, b in blocked_of.get(unit, ())
    ]
    return {int(chosen[k]): terms for k, terms in _scan(theme, separator.join(subset), sub_starts, sub_blocked).items()}


def code_segments(
    segments: pd.DataFrame, codebook: list[Theme], unit: str = "paragraph", workers: int | None = None
) -> pd.DataFrame:
    """Code every unit with every theme whose patterns it matches.

    Args:
        segments: the segments table (see msmeetings.segment).
        codebook: themes from load_codebook.
        unit: "paragraph" (text blocks: paragraphs, bullets, list items, footnotes) or "sentence".
        workers: processes to scan with; None for two on a large corpus (over PARALLEL_MIN_CHARS) when
            the machine has two cores and can fork, else one. The codes do not depend on it.

    Returns:
        One row per coded (unit, theme): segment_id, meeting_id, theme_id, matched_terms
        ("; "-joined, lowercased, sorted unique), sorted by meeting_id, segment_id, theme_id.
    """
    units = select_units(segments, unit)
    if units["segment_id"].duplicated().any():
        dup = units.loc[units["segment_id"].duplicated(), "segment_id"].iloc[0]
        raise InputError(f"segments table: segment_id '{dup}' occurs more than once. Rebuild segments.csv.")
    # Lowercased passage by passage, so offsets stay consistent even where lowercasing changes length;
    # a newline inside a passage becomes a space, so that the newline joining passages is never matched.
    originals = [t.replace("\n", " ") for t in units["text"].fillna("").astype(str)]
    texts = [t.lower() for t in originals]
    ids = units["segment_id"].astype(str).to_numpy()
    meeting_ids = units["meeting_id"].astype(str).to_numpy()
    # One string for the whole corpus, units joined by a newline: patterns are word-bounded, so no
    # match runs from one passage into the next.
    separator = "\n"
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    starts = np.zeros(len(texts), dtype=np.int64)
    if len(texts):
        starts[1:] = np.cumsum(lengths + len(separator))[:-1]
    lowered = separator.join(texts)
    # Names are found on the cased text; a passage whose length changes when lowercased keeps its
    # lowercase form there, so that offsets agree (it then loses only the name rule).
    cased = separator.join(o if len(o) == len(t) else t for o, t in zip(originals, texts))
    if workers is None:
        workers = _default_workers(len(lowered))
    if workers > 1:
        # The anchor scan and the blocked spans in two processes, then the themes spread over them,
        # the costliest first; each process gets the corpus by fork, and sends back only offsets.
        candidates, blocked = _in_processes(
            lambda step: _candidate_units(lowered, starts, codebook) if step == 0 else blocked_spans(cased, lowered),
            [0, 1],
            workers,
        )
    else:
        candidates = _candidate_units(lowered, starts, codebook)
        blocked = blocked_spans(cased, lowered)
    blocked_of = _blocked_by_unit(blocked, starts)

    def terms_of(k: int) -> dict[int, set[str]]:
        return _theme_terms(
            codebook[k], texts, lengths, lowered, starts, candidates.get(codebook[k].id), blocked, blocked_of
        )

    if workers > 1:
        cost = [
            len(lowered) if candidates.get(t.id) is None else int(lengths[candidates[t.id]].sum()) for t in codebook
        ]
        order = sorted(range(len(codebook)), key=lambda k: -cost[k])
        found_per_theme = [None] * len(codebook)
        for k, found in zip(order, _in_processes(terms_of, order, workers)):
            found_per_theme[k] = found
    else:
        found_per_theme = [terms_of(k) for k in range(len(codebook))]
    rows = []
    for theme, found in zip(codebook, found_per_theme):
        for index, terms in found.items():
            rows.append((ids[index], meeting_ids[index], theme.id, "; ".join(sorted(terms))))
    codes = pd.DataFrame(rows, columns=tables.column_names("theme_codes"))
    return codes.sort_values(["meeting_id", "segment_id", "theme_id"], kind="mergesort").reset_index(drop=True)


def count_units(segments: pd.DataFrame, unit: str = "paragraph") -> pd.DataFrame:
    """Per meeting: coding units and words of text (text blocks), the denominators of the matrix."""
    units = select_units(segments, unit)
    blocks = segments.loc[segments["kind"].isin(TEXT_KINDS)]
    words = pd.to_numeric(blocks["n_words"], errors="coerce").fillna(0).groupby(blocks["meeting_id"]).sum()
    counts = units.groupby("meeting_id").size()
    ids = sorted(set(words.index) | set(counts.index))
    return pd.DataFrame(
        {
            "meeting_id": ids,
            "n_units": [int(counts.get(m, 0)) for m in ids],
            "n_words": [int(words.get(m, 0)) for m in ids],
        }
    )
