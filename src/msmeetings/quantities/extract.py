"""Figures of one text and of the corpus: the public extraction functions and the table check."""

from __future__ import annotations

import pandas as pd

from msmeetings import tables
from msmeetings.errors import InputError
from msmeetings.quantities.meaning import (
    _describe,
    categorise_quantity,
    find_actor,
    find_reference_period,
    is_key_figure,
)
from msmeetings.quantities.numbers import (
    _find_quantities,
    _find_skips,
    _normalise_digits,
)
from msmeetings.quantities.rules import (
    _FROM_SCAN,
    _JIT_RE,
    _MAYBE_NUMBER,
    _REPORTING_VERB,
    CATEGORIES,
    QUALIFIERS,
    SEGMENT_INPUT_COLUMNS,
    TIME_UNITS,
)
from msmeetings.quantities.series import find_series_ordinals
from msmeetings.segment import clean_with_offsets

# --- public API: one text -----------------------------------------------------------------


def scan_quantities(text: str) -> tuple[list[dict], list[dict]]:
    """Return the quantities of one text and the number-like spans skipped, with reasons.

    Args:
        text: One sentence (or any clean text). Empty text and unusual digits are fine.

    Returns:
        ``(quantities, skips)``. Each quantity: value, value_text, unit, qualifier, value_high,
        counted, category, actor, reference_period, char_start, char_end (offsets in ``text``
        of ``value_text``, which holds currency, multiplier, unit and range but not the
        qualifier). Each skip: text, reason, char_start, char_end.
    """
    if not isinstance(text, str) or not text:
        return [], []
    normal = _normalise_digits(text)
    series = find_series_ordinals(normal)
    if not series and not _MAYBE_NUMBER.search(normal):
        return [], []
    masked, skips = _find_skips(normal, [(s[0], s[1]) for s in series])
    found, more_skips = _find_quantities(text, masked, series)
    skips.extend(more_skips)
    _describe(normal, found)
    actor = find_actor(text)
    quantities = []
    for q in found:
        quantities.append(
            {
                "value": q.value,
                "value_text": q.value_text,
                "unit": q.unit,
                "qualifier": q.qualifier,
                "value_high": q.value_high,
                "counted": q.counted,
                "category": categorise_quantity(q.counted, q.unit, text),
                "is_key_figure": is_key_figure(q.counted, q.unit),
                "actor": actor,
                "reference_period": ""
                if q.unit in ("ordinal", *TIME_UNITS)
                else find_reference_period(normal, q.start, q.end, _skips=skips),
                "char_start": q.start + (len(text[q.start : q.end]) - len(text[q.start : q.end].lstrip())),
                "char_end": q.start + len(text[q.start : q.end].rstrip()),
            }
        )
    skip_rows = [
        {"text": text[s.start : s.end], "reason": s.reason, "char_start": s.start, "char_end": s.end}
        for s in sorted(skips, key=lambda s: (s.start, s.end))
    ]
    return quantities, skip_rows


def extract_quantities(text: str) -> list[dict]:
    """Return the quantities stated in one text (see ``scan_quantities``)."""
    return scan_quantities(text)[0]


# --- public API: the corpus ---------------------------------------------------------------


def _check_columns(df: pd.DataFrame, needed: tuple[str, ...] | list[str], where: str, fix: str) -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise InputError(f"{where}: missing column(s) {', '.join(missing)}. {fix}")


def _raw_offsets(
    sentence: str, raw: str | None, start: int, end: int, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Map spans of a sentence's clean text to offsets in the raw document (see module docstring)."""
    if raw is None or raw[start:end] == sentence:
        return [(start + s, start + e) for s, e in spans]
    # The segmenter's own cleaning, so both agree on every offset.
    clean, offsets = clean_with_offsets(raw[start:end], start)
    if clean == sentence:
        return [(offsets[s], offsets[e - 1] + 1) for s, e in spans]
    mapped = []
    for s, e in spans:
        needle = sentence[s:e]
        rank = sentence.count(needle, 0, s)
        position, found = -1, -1
        for _ in range(rank + 1):
            found = raw.find(needle, (found + 1) if found >= 0 else start, end)
            if found < 0:
                break
            position = found
        mapped.append((position, position + len(needle)) if found >= 0 else (start, end))
    return mapped


def scan_corpus_quantities(
    segments: pd.DataFrame, raw_texts: dict[str, str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Extract the quantities of every sentence of a segments table, and the skipped spans.

    Sentences of all text blocks are read, footnotes included. An actor the sentence does not
    name is taken from context, in this order: for a footnote, the block citing it; the body
    that last presented something in the same section ("Greece presented a series of
    cases ..."); an earlier sentence of the same block; the section title.

    Args:
        segments: The segments table (``msmeetings.segment``), at least the columns in
            ``SEGMENT_INPUT_COLUMNS``.
        raw_texts: Raw text of each meeting's document, by meeting id, to map offsets exactly
            (see the module docstring). Without it, offsets assume the sentence is written in
            the raw text as in its clean text.

    Returns:
        ``(quantities, skips)`` with columns those of the ``quantities`` and ``quantity_skips`` tables, sorted by
        segment and position.

    Raises:
        InputError: If a column is missing.
    """
    _check_columns(
        segments,
        SEGMENT_INPUT_COLUMNS,
        "segments table",
        "Pass data/processed/segments.csv as written by chapter 1 (msmeetings.segment).",
    )
    frame = segments.copy()
    frame["text"] = frame["text"].fillna("").astype(str)
    is_sentence = frame["kind"] == "sentence"
    blocks = frame[~is_sentence]
    block_kind = dict(zip(blocks["segment_id"], blocks["kind"]))
    block_parent = dict(zip(blocks["segment_id"], blocks["parent_id"].astype(str)))
    block_text = dict(zip(blocks["segment_id"], blocks["text"]))
    sentences = frame[is_sentence].sort_values(["meeting_id", "segment_id"], kind="stable")
    columns = ["segment_id", "meeting_id", "section", "section_title", "parent_id", "text", "char_start", "char_end"]

    rows: list[dict] = []
    skip_rows: list[dict] = []
    presenter: dict[tuple, str] = {}
    earlier_in_block: dict[str, str] = {}
    for segment_id, meeting_id, section, section_title, parent, text, char_start, char_end in zip(
        *(sentences[c].tolist() for c in columns)
    ):
        parent = str(parent)
        is_footnote = block_kind.get(parent) == "footnote"
        section_key = (meeting_id, section, section_title)
        own_actor = find_actor(text)
        quantities, skips = scan_quantities(text)
        if quantities or skips:
            fallback = find_actor(block_text.get(block_parent.get(parent, ""), "")) if is_footnote else ""
            fallback = (
                fallback
                or presenter.get(section_key, "")
                or earlier_in_block.get(parent, "")
                or find_actor(str(section_title))
            )
            raw = raw_texts.get(meeting_id) if raw_texts is not None else None
            start, end = int(char_start), int(char_end)
            spans = [(item["char_start"], item["char_end"]) for item in (*quantities, *skips)]
            mapped = _raw_offsets(text, raw, start, end, spans)
            context = block_text.get(parent, text)
            for k, (q, (raw_start, raw_end)) in enumerate(zip(quantities, mapped), start=1):
                if q["unit"] in TIME_UNITS and not q["counted"].startswith("age"):
                    # The sentence before often names the instrument ("a JIT agreement ... six months").
                    if "JIT" not in q["counted"] and _JIT_RE.search(context):
                        q["counted"] = f"JIT {q['counted']}"
                    q["category"] = categorise_quantity(q["counted"], q["unit"], context)
                rows.append(
                    {
                        "quantity_id": f"{segment_id}#q{k}",
                        "meeting_id": meeting_id,
                        "segment_id": segment_id,
                        **{c: q[c] for c in _FROM_SCAN},
                        "actor": q["actor"] or fallback,
                        "reference_period": q["reference_period"],
                        "sentence": text,
                        "char_start": raw_start,
                        "char_end": raw_end,
                    }
                )
            for s, (raw_start, raw_end) in zip(skips, mapped[len(quantities) :]):
                skip_rows.append(
                    {
                        "meeting_id": meeting_id,
                        "segment_id": segment_id,
                        "text": s["text"],
                        "reason": s["reason"],
                        "char_start": raw_start,
                        "char_end": raw_end,
                    }
                )
        if own_actor and not is_footnote:
            earlier_in_block.setdefault(parent, own_actor)
            if _REPORTING_VERB.search(text):
                presenter[section_key] = own_actor
    quantities_df = pd.DataFrame(rows, columns=tables.column_names("quantities"))
    quantities_df["value"] = quantities_df["value"].astype(float)
    quantities_df["value_high"] = pd.to_numeric(quantities_df["value_high"], errors="coerce").astype(float)
    for column in ("char_start", "char_end"):
        quantities_df[column] = quantities_df[column].astype("int64")
    skips_df = pd.DataFrame(skip_rows, columns=tables.column_names("quantity_skips"))
    return quantities_df.reset_index(drop=True), skips_df.reset_index(drop=True)


def check_quantities(quantities: pd.DataFrame, segments: pd.DataFrame) -> None:
    """Check a quantities table: unique ids, known qualifiers and categories, traceable segments.

    Raises:
        InputError: Naming the first problem found.
    """
    where = "quantities table"
    _check_columns(quantities, tables.column_names("quantities"), where, "Rebuild it with msmeetings.quantities.")
    duplicated = quantities.loc[quantities["quantity_id"].duplicated(), "quantity_id"].tolist()
    if duplicated:
        raise InputError(f"{where}: duplicate quantity_id {duplicated[:5]}. Rebuild the table.")
    for column, allowed in (("qualifier", QUALIFIERS), ("category", CATEGORIES)):
        bad = sorted(set(quantities[column]) - set(allowed))
        if bad:
            raise InputError(f"{where}: unknown {column} {bad}. Use one of {list(allowed)}.")
    unknown = sorted(set(quantities["segment_id"]) - set(segments["segment_id"]))
    if unknown:
        raise InputError(
            f"{where}: segment_id {unknown[:5]} not in the segments table. Rebuild both from the same run."
        )
    if quantities["value"].isna().any():
        raise InputError(f"{where}: a value is empty. Every quantity needs a value.")
