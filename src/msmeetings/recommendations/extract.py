"""Extraction of recommendations, conclusions, proposals and challenges from the segments table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from msmeetings import tables
from msmeetings.errors import InputError
from msmeetings.recommendations.rules import (
    _CONTEXT_SECTION_RE,
    _ENUMERATOR_RE,
    _HEADING_CONCLUSION_RE,
    _HEADING_FOLLOWUP_RE,
    _HEADING_RECOMMENDATION_RE,
    ITEM_KINDS,
    TEXT_KINDS,
    _call_kind,
    _refine,
    boilerplate_reason,
    calls_for_action,
    classify_lead_in,
    enumerator_style,
    find_addressee,
    find_subject_addressee,
    lead_subject,
    names_challenge,
    split_enumeration,
    starts_with_letter,
    states_conclusion,
)
from msmeetings.themes import code_segments


def _check_segments(segments: pd.DataFrame) -> None:
    needed = ["segment_id", "meeting_id", "kind", "section_title", "paragraph_number", "level", "parent_id", "text"]
    missing = [c for c in needed if c not in segments.columns]
    if missing:
        raise InputError(
            f"segments table: missing column(s) {', '.join(missing)}. Rebuild data/processed/segments.csv with "
            "notebook 01_corpus."
        )


def _as_int(series: pd.Series) -> pd.Series:
    # segments.csv read with dtype=str gives "" for empty integers.
    return pd.to_numeric(series.replace("", np.nan), errors="coerce").fillna(0).astype(int)


def _prepare(segments: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, list[tuple[str, str]]]]:
    """Blocks in document order (with integer columns) and each block's sentences (id, text)."""
    _check_segments(segments)
    frame = segments.copy()
    frame["paragraph_number"] = _as_int(frame["paragraph_number"])
    frame["level"] = _as_int(frame["level"])
    frame["text"] = frame["text"].fillna("").astype(str)
    frame["section_title"] = frame["section_title"].fillna("").astype(str)
    frame["parent_id"] = frame["parent_id"].fillna("").astype(str)
    # Meetings keep the order of the segments table (build_segments: by date), not alphabetical order.
    frame["meeting_order"] = frame["meeting_id"].map({m: i for i, m in enumerate(dict.fromkeys(frame["meeting_id"]))})
    blocks = frame[frame["kind"] != "sentence"].sort_values(["meeting_order", "paragraph_number"], kind="mergesort")
    sentences: dict[str, list[tuple[str, str]]] = {}
    for row in frame[frame["kind"] == "sentence"].sort_values("segment_id", kind="mergesort").itertuples(index=False):
        sentences.setdefault(row.parent_id, []).append((row.segment_id, row.text))
    for row in blocks.itertuples(index=False):
        if row.kind in TEXT_KINDS and row.segment_id not in sentences:
            # A table without sentence rows: the block is its own only sentence.
            sentences[row.segment_id] = [(row.segment_id, row.text)]
    return blocks.reset_index(drop=True), sentences


def _is_listed(row) -> bool:
    # The segmenter leaves the last lettered item of a list ("(c) ...") as a paragraph, and a numbered
    # point that opens its own list ("(1) that participating States:").
    return row.kind in ("bullet", "list_item") or (row.kind == "paragraph" and bool(enumerator_style(row.text)))


def _lead_ins(blocks: pd.DataFrame) -> dict[str, str]:
    """Map each bullet or list item to the block that introduces its list (heading ids included).

    A lettered run ("(a)", "b)", "c.") is introduced by the block just before the run, even when that
    block is itself a numbered item ("5. The Co-Chairs recommended that:"); a numbered item skips
    the lettered runs nested in the list.
    """
    leads: dict[str, str] = {}
    for _, group in blocks.groupby("meeting_id", sort=False):
        rows = [r for r in group.itertuples(index=False) if r.kind not in ("footnote", "boilerplate", "contents")]
        for i, row in enumerate(rows):
            if not _is_listed(row):
                continue
            lettered = starts_with_letter(row.text)
            style = enumerator_style(row.text)
            for previous in reversed(rows[:i]):
                if (
                    style == "number"
                    and _is_listed(previous)
                    and previous.text.rstrip().endswith(":")
                    and not enumerator_style(previous.text)
                ):
                    # "On this basis, the Co-Chairs recommend:" before "(1) that States:" ... "(2) that ...".
                    leads[row.segment_id] = previous.segment_id
                    break
                if lettered:
                    if starts_with_letter(previous.text) and _is_listed(previous):
                        continue
                elif _is_listed(previous) and (previous.level >= row.level or starts_with_letter(previous.text)):
                    continue
                leads[row.segment_id] = previous.segment_id
                break
    return leads


def _all_boilerplate(text: str, own: list[tuple[str, str]], *, listed: bool) -> bool:
    """True when a block, or every one of its sentences, can never be an item."""
    if boilerplate_reason(text, listed=listed):
        return True
    return bool(own) and all(boilerplate_reason(sentence, listed=listed) for _, sentence in own)


def _last_sentence(block_id: str, text: str, sentences: dict[str, list[tuple[str, str]]]) -> str:
    own = sentences.get(block_id)
    return own[-1][1] if own else text


def extract_recommendations(segments: pd.DataFrame, codebook=None) -> pd.DataFrame:
    """Extract what each meeting recommended, concluded or proposed, and the challenges it named.

    Args:
        segments: the segments table (see msmeetings.segment); read from CSV as strings is fine.
        codebook: themes from msmeetings.themes.load_codebook; when given, theme_ids holds the
            ";"-joined ids of the themes each text is coded with.

    Returns:
        The columns of the recommendations table, one row per item, recommendation_id f"{meeting_id}:R{nn}" in
        document order. segment_id is a block for a list item, bullet or paragraph, a sentence for
        an item taken from running text.
    """
    blocks, sentences = _prepare(segments)
    leads = _lead_ins(blocks)
    by_id = {row.segment_id: row for row in blocks.itertuples(index=False)}
    found: list[dict] = []
    for row in blocks.itertuples(index=False):
        if row.kind not in ITEM_KINDS:
            continue
        text = row.text.strip()
        kind, addressee, topics, from_heading = None, "", False, False
        lead = by_id.get(leads.get(row.segment_id, ""))
        if lead is not None and lead.kind != "heading":
            lead_sentence = _last_sentence(lead.segment_id, lead.text, sentences)
            if boilerplate_reason(lead_sentence) == "title or heading":
                # A title line ("Outcome document") introduces nothing: the section decides.
                lead = None
            else:
                kind, addressee = classify_lead_in(lead_sentence)
                outer = by_id.get(leads.get(lead.segment_id, ""))
                nested = lead_sentence.rstrip().endswith(":") and outer is not None and outer.kind != "heading"
                if kind is None and nested:
                    # A nested lead-in "(1) that participating States:" names who; its own lead-in says what.
                    kind, addressee = classify_lead_in(_last_sentence(outer.segment_id, outer.text, sentences))
                    addressee = lead_subject(lead_sentence) or addressee
                # "This year, the participants discussed:" introduces topics, not calls for action.
                topics = kind is None and lead_sentence.rstrip().endswith(":")
        own = sentences.get(row.segment_id, [])
        if kind is None and not text.endswith(":"):
            if _HEADING_RECOMMENDATION_RE.search(row.section_title):
                kind, from_heading = "recommendation", True
            elif _HEADING_CONCLUSION_RE.search(row.section_title):
                kind, from_heading = "conclusion", True
        if (
            from_heading
            and len(own) > 1
            and (_HEADING_FOLLOWUP_RE.search(row.section_title) or any(boilerplate_reason(s) for _, s in own))
        ):
            # A paragraph of several sentences under a follow-up report's "Recommendations implemented",
            # or one that also retells an earlier ask or says who took part: only the sentences that ask
            # or conclude are items, each on its own.
            kind = None
        if kind is not None:
            if text.endswith(":") or _all_boilerplate(text, own, listed=_is_listed(row)):
                continue
            kind = _refine(kind, text)
            points = split_enumeration(text)
            if points and kind != "challenge":
                # An inline list "(a) ...; (b) ...": one item per point, addressed as the lead says.
                lead_text = _ENUMERATOR_RE.split(text, maxsplit=1)[0]
                addressee = addressee or find_subject_addressee(lead_text)
                for k, point in enumerate(points, start=1):
                    point_addressee = addressee or find_subject_addressee(point)
                    found.append(_item(row, row.segment_id, k, _refine(kind, point), point_addressee, point))
                continue
            found.append(_item(row, row.segment_id, 0, kind, addressee or find_subject_addressee(text), text))
            if kind != "challenge" and len(own) > 1:
                for k, (sid, sentence) in enumerate(own, start=1):
                    if (
                        names_challenge(sentence)
                        and not calls_for_action(sentence)
                        and not boilerplate_reason(sentence)
                    ):
                        found.append(_item(row, sid, k, "challenge", find_addressee(sentence), sentence))
            continue
        context = bool(_CONTEXT_SECTION_RE.search(row.section_title))
        for k, (sid, sentence) in enumerate(own, start=1):
            if sentence.rstrip().endswith(":") or boilerplate_reason(sentence):
                continue
            if not context and not topics and states_conclusion(sentence):
                # "The experts agreed that ...": the meeting's own conclusion (or its call, when it asks).
                addressee = find_subject_addressee(sentence, listed=False)
                kind = _call_kind(sentence) if calls_for_action(sentence) else "conclusion"
                found.append(_item(row, sid, k, kind, addressee, sentence))
            elif names_challenge(sentence):
                found.append(_item(row, sid, k, "challenge", find_addressee(sentence), sentence))
            elif not context and not topics and calls_for_action(sentence):
                addressee = find_subject_addressee(sentence, listed=False)
                found.append(_item(row, sid, k, _call_kind(sentence), addressee, sentence))
    table = pd.DataFrame(
        found, columns=["meeting_id", "segment_id", "kind", "addressee", "text", "_meeting", "_order", "_k"]
    )
    table = table.sort_values(["_meeting", "_order", "_k"], kind="mergesort").reset_index(drop=True)
    numbers = table.groupby("meeting_id", sort=False).cumcount() + 1
    table.insert(0, "recommendation_id", [f"{m}:R{n:02d}" for m, n in zip(table["meeting_id"], numbers)])
    table["theme_ids"] = _theme_ids(table, codebook)
    return table[tables.column_names("recommendations")]


def _item(row, segment_id: str, k: int, kind: str, addressee: str, text: str) -> dict:
    return {
        "meeting_id": row.meeting_id,
        "segment_id": segment_id,
        "kind": kind,
        "addressee": addressee,
        "text": " ".join(text.split()),
        "_meeting": row.meeting_order,
        "_order": row.paragraph_number,
        "_k": k,
    }


def _theme_sets(ids: list[str], texts: list[str], codebook) -> dict[str, frozenset[str]]:
    if not codebook or not ids:
        return {i: frozenset() for i in ids}
    units = pd.DataFrame({"segment_id": ids, "meeting_id": "x", "kind": "paragraph", "text": texts})
    codes = code_segments(units, codebook, unit="paragraph")
    sets = codes.groupby("segment_id")["theme_id"].agg(frozenset).to_dict()
    return {i: sets.get(i, frozenset()) for i in ids}


def _theme_ids(table: pd.DataFrame, codebook) -> list[str]:
    if codebook is None or table.empty:
        return [""] * len(table)
    order = {t.id: i for i, t in enumerate(codebook)}
    sets = _theme_sets(table["recommendation_id"].tolist(), table["text"].tolist(), codebook)
    return [";".join(sorted(sets[r], key=order.get)) for r in table["recommendation_id"]]
