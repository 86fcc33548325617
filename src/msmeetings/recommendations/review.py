"""The researcher's review file: reading it and letting it override the automatic verdicts."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from msmeetings.corpus import decode_utf8
from msmeetings.errors import InputError
from msmeetings.recommendations.rules import VERDICTS

REVIEW_COLUMNS = ["recommendation_id", "later_meeting_id", "verdict", "note"]


def load_review(path: str | Path) -> pd.DataFrame:
    """Read the review file (REVIEW_COLUMNS) with the line number of each row; check its verdicts.

    Raises:
        InputError: a missing file or column, an unknown verdict, or a pair reviewed twice, naming
            the file, the line and the fix.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"{path}: the review file is missing. Restore it from git, or create it with the header "
            f"{','.join(REVIEW_COLUMNS)}."
        )
    rows = []
    # Decoded first so that a non-UTF-8 byte is named by line, and a spreadsheet's byte-order mark dropped.
    text = decode_utf8(path.read_bytes(), path, fix="Save the review file as UTF-8 (in a spreadsheet: 'CSV UTF-8').")
    with io.StringIO(text, newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REVIEW_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(
                f"{path}: line 1: missing column(s) {', '.join(missing)}. "
                f"The header must be {','.join(REVIEW_COLUMNS)}."
            )
        seen: dict[tuple[str, str], int] = {}
        for record in reader:
            line = reader.line_num
            values = {c: (record.get(c) or "").strip() for c in REVIEW_COLUMNS}
            if not any(values.values()):
                continue
            if values["verdict"] not in VERDICTS:
                raise InputError(
                    f"{path}: line {line}: verdict '{values['verdict']}' is unknown. Use one of: {', '.join(VERDICTS)}."
                )
            key = (values["recommendation_id"], values["later_meeting_id"])
            if key in seen:
                raise InputError(
                    f"{path}: line {line}: the pair ({key[0]}, {key[1]}) is already reviewed on line {seen[key]}. "
                    "Keep one row per recommendation and later meeting."
                )
            seen[key] = line
            rows.append({**values, "line": line})
    table = pd.DataFrame(rows, columns=REVIEW_COLUMNS + ["line"])
    table.attrs["path"] = str(path)
    return table


_PARAGRAPH_MARK = re.compile(r"¶\s*(\d+)")


def _cited_paragraph(note: str) -> int | None:
    """The first paragraph a reviewer's note cites (¶N), if any."""
    match = _PARAGRAPH_MARK.search(note or "")
    return int(match.group(1)) if match else None


# The review file's bookkeeping at the start of a note ("Confirmed.", "Corrected after a fresh reading
# (2 Dec 2026).") says how the verdict was reached, not what the passage shows; a qualifier stays.
_NOTE_STATUS = re.compile(r"^(?:Confirmed|Corrected|Added|In part)\b[^.¶]*\.\s*", re.I)


def reader_note(note) -> str:
    """A reviewer's note as evidence for a reader: without the review's bookkeeping, "In part." kept."""
    text = str(note or "").strip()
    status = _NOTE_STATUS.match(text)
    if status is None:
        return text
    rest = text[status.end() :]
    head = status.group(0).lower()
    qualifier = "In part. " if "in part" in head else "Loosely. " if "loosely" in head else ""
    return qualifier + rest


def _paragraph(segment_id: str) -> int | None:
    """The paragraph number of a segment id ('2023-hague:071.01' -> 71)."""
    number = segment_id.partition(":")[2].split(".")[0]
    return int(number) if number.isdigit() else None


def _add_cited_passage(result: pd.DataFrame, mask, segments: pd.DataFrame, later: str, paragraph: int):
    """Add the cited paragraph of the later meeting to a reviewed pair's passages when it is missing."""
    if any(_paragraph(s) == paragraph for s in result.loc[mask, "segment_id"]):
        return result, mask
    segment_id = f"{later}:{paragraph:03d}"
    found = segments[segments["segment_id"] == segment_id]
    if found.empty:
        return result, mask
    row = result[mask].sort_values("rank", kind="mergesort").iloc[0].copy()
    row["rank"] = int(result.loc[mask, "rank"].max()) + 1
    row["segment_id"], row["evidence"] = segment_id, found["text"].iloc[0]
    row["similarity"], row["cue"], row["via_segment_id"] = 0.0, "", ""
    row["auto_verdict"], row["decides"] = "not_found", False
    if "confidence" in row.index:
        row["confidence"] = ""
    result = pd.concat([result, row.to_frame().T], ignore_index=True).astype(result.dtypes.to_dict())
    order = result.sort_values(["recommendation_id", "later_meeting_id", "rank"], kind="mergesort").index
    result = result.loc[order].reset_index(drop=True)
    new_mask = (result["recommendation_id"] == row["recommendation_id"]) & (result["later_meeting_id"] == later)
    return result, new_mask


def apply_review(
    followthrough: pd.DataFrame,
    review,
    *,
    recommendations: pd.DataFrame | None = None,
    all_meeting_ids=None,
    segments: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Override verdicts with a researcher's review and mark the reviewed pairs.

    Every row of a reviewed (recommendation, later meeting) pair gets reviewed=True, the note, and
    the reviewer's verdict; auto_verdict keeps what the cues said, and decides moves to the
    best-ranked passage whose cues gave the reviewer's verdict (else to rank 1).

    Args:
        followthrough: from trace_followthrough.
        review: a path to the review file, or its table from load_review.
        recommendations: the extracted items; their ids are the known ones (default: the ids in
            followthrough).
        segments: the segments of the run; with them, a paragraph a note cites that is not among the
            pair's passages is added to them, so the reader's evidence is the passage shown.
        all_meeting_ids: every meeting of the manifest (kept for callers; rows about any meeting not
            in this run, left out by the `meetings` parameter or removed from the manifest, are skipped
            and their line numbers listed in result.attrs["skipped_review_lines"]).

    Raises:
        InputError: naming the file and line of a row whose recommendation id is unknown, or whose
            later meeting is not a later meeting of that recommendation.
    """
    table = review if isinstance(review, pd.DataFrame) else load_review(review)
    path = table.attrs.get("path", "review table")
    known = set((recommendations if recommendations is not None else followthrough)["recommendation_id"])
    run_meetings = {r.rsplit(":R", 1)[0] for r in known} | set(followthrough["later_meeting_id"])
    traced = set(zip(followthrough["recommendation_id"], followthrough["later_meeting_id"]))
    result = followthrough.copy()
    result["reviewed"] = result["reviewed"].astype(bool)
    skipped: list = []
    for row in table.itertuples(index=False):
        line = getattr(row, "line", "?")
        rec_id, later = row.recommendation_id, row.later_meeting_id
        if row.verdict not in VERDICTS:
            raise InputError(
                f"{path}: line {line}: verdict '{row.verdict}' is unknown. Use one of: {', '.join(VERDICTS)}."
            )
        rec_meeting = rec_id.rsplit(":R", 1)[0] if ":R" in rec_id else ""
        if rec_meeting not in run_meetings or later not in run_meetings:
            # About a meeting left out of this run, or removed from the manifest: the review stays in
            # the file for when the meeting is back, and does not stop the build.
            skipped.append(line)
            continue
        if rec_id not in known:
            sample = ", ".join(sorted(known)[:3])
            raise InputError(
                f"{path}: line {line}: recommendation_id '{rec_id}' is unknown. Use an id from "
                f"recommendations.csv (e.g. {sample}); ids are numbered in document order, so check the row "
                "again if the extraction rules changed."
            )
        if (rec_id, later) not in traced:
            raise InputError(
                f"{path}: line {line}: later_meeting_id '{later}' is not a meeting after {rec_meeting} in "
                f"this run. Use the id of a later meeting from data/meetings.csv."
            )
        mask = (result["recommendation_id"] == rec_id) & (result["later_meeting_id"] == later)
        result.loc[mask, "verdict"] = row.verdict
        result.loc[mask, "reviewed"] = True
        result.loc[mask, "review_note"] = row.note
        # The passage shown for a reviewed pair: the paragraph the reviewer's note cites first, when it is
        # among the pair's passages; else the best-ranked one whose cues gave the reviewer's verdict.
        cited = _cited_paragraph(row.note)
        if cited is not None and segments is not None:
            result, mask = _add_cited_passage(result, mask, segments, later, cited)
        pair = result[mask].sort_values("rank", kind="mergesort")
        named = pair.index[[_paragraph(s) == cited for s in pair["segment_id"]]] if cited is not None else []
        same = pair.index[pair["auto_verdict"] == row.verdict]
        result.loc[mask, "decides"] = False
        result.loc[named[0] if len(named) else same[0] if len(same) else pair.index[0], "decides"] = True
    result.attrs["skipped_review_lines"] = skipped
    return result
