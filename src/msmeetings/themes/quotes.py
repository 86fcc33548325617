"""Choosing and formatting the passages quoted for each theme and meeting."""

from __future__ import annotations

import numpy as np
import pandas as pd

from msmeetings.errors import InputError
from msmeetings.outputs import cite, esc
from msmeetings.themes.codebook import Theme
from msmeetings.themes.coding import SEGMENT_INPUT_COLUMNS, _check_segments
from msmeetings.themes.compare import _ordered_meetings
from msmeetings.themes.score import _block_id

# The body quotes a few lines per theme; the appendix table keeps the longer excerpt.
BODY_QUOTE_WORDS = 40


def _word_window(text: str, terms: list[str], max_words: int) -> str:
    """The max_words words of a text centred on the first matched term, with … where cut."""
    words = text.split()
    if len(words) <= max_words:
        return text
    lowered = text.lower()
    found = [lowered.find(t) for t in terms if lowered.find(t) >= 0]
    at = len(lowered[: min(found)].split()) if found else 0
    start = max(0, min(at - max_words // 3, len(words) - max_words))
    end = start + max_words
    return ("… " if start else "") + " ".join(words[start:end]) + (" …" if end < len(words) else "")


def _sentence_excerpt(block_text: str, sentences: list[str], terms: list[str], max_words: int) -> tuple[str, bool]:
    if len(block_text.split()) <= max_words:
        return block_text, False
    lowered = [s.lower() for s in sentences]
    chosen = [s for s, low in zip(sentences, lowered) if any(t in low for t in terms)] or [block_text]
    picked, words = [], 0
    for sentence in chosen:
        n = len(sentence.split())
        if picked and words + n > max_words:
            break
        picked.append(sentence)
        words += n
    if len(picked) == 1:
        # One long sentence (the source's numbered lists run to 200 words): a window around the term.
        return _word_window(picked[0], terms, max_words), True
    return " … ".join(picked), True


def select_theme_quotes(
    theme_codes: pd.DataFrame,
    segments: pd.DataFrame,
    per_meeting: int = 1,
    max_words: int = 80,
    judgements: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Choose, per theme and meeting, the passages to quote, deterministically.

    The passages with the most distinct matched terms come first, then the earliest in the
    document. Passages that the hand judgements say are not about the theme (known false
    positives) are never quoted. A passage longer than max_words is shortened to its sentences
    that contain a matched term, or to a window of words around the term (is_excerpt true); the
    citation still names the whole passage.

    Returns:
        theme_id, meeting_id, segment_id, matched_terms, quote, is_excerpt; sorted by theme_id,
        meeting_id, choice order.
    """
    if per_meeting < 1:
        raise InputError(f"parameter quotes_per_meeting: {per_meeting} must be at least 1.")
    _check_segments(segments, SEGMENT_INPUT_COLUMNS)
    columns = ["theme_id", "meeting_id", "segment_id", "matched_terms", "quote", "is_excerpt"]
    if judgements is not None and len(judgements):
        rejected = judgements.loc[judgements["is_present"] == 0, ["segment_id", "theme_id"]]
        known = set(zip(rejected["segment_id"], rejected["theme_id"]))
        pairs = zip(theme_codes["segment_id"].astype(str), theme_codes["theme_id"])
        keep = [(_block_id(s), t) not in known for s, t in pairs]
        theme_codes = theme_codes.loc[np.array(keep, dtype=bool)]
    if theme_codes.empty:
        return pd.DataFrame(columns=columns)
    order = {sid: i for i, sid in enumerate(segments["segment_id"].astype(str))}
    text = dict(zip(segments["segment_id"].astype(str), segments["text"].fillna("").astype(str)))
    has_parent = "parent_id" in segments.columns
    sentences_of: dict[str, list[str]] = {}
    if has_parent:
        sent = segments.loc[segments["kind"] == "sentence"]
        for parent, sentence in zip(sent["parent_id"].astype(str), sent["text"].astype(str)):
            sentences_of.setdefault(parent, []).append(sentence)
    ranked = theme_codes.assign(
        _n=theme_codes["matched_terms"].str.split("; ").str.len(),
        _pos=theme_codes["segment_id"].map(order).fillna(len(order)),
    ).sort_values(["theme_id", "meeting_id", "_n", "_pos"], ascending=[True, True, False, True], kind="mergesort")
    chosen = ranked.groupby(["theme_id", "meeting_id"], sort=False).head(per_meeting)
    rows = []
    for row in chosen.itertuples(index=False):
        terms = row.matched_terms.split("; ")
        quote, is_excerpt = _sentence_excerpt(
            text.get(row.segment_id, ""), sentences_of.get(row.segment_id, []), terms, max_words
        )
        rows.append((row.theme_id, row.meeting_id, row.segment_id, row.matched_terms, quote, is_excerpt))
    return pd.DataFrame(rows, columns=columns)


def pick_body_quotes(quotes: pd.DataFrame, meetings, per_theme: int = 1) -> pd.DataFrame:
    """The quotes a chapter's body shows: per theme, the passage(s) matching the most distinct terms.

    Ties go to the latest document (what the meetings say now), then to the earliest passage. The
    other quotes belong in an appendix table (theme_quotes_table): one quote per theme and meeting
    for 19 themes and five documents is about 13 pages of quotations.
    """
    if per_theme < 1:
        raise InputError(f"quotes in the body: {per_theme} per theme must be at least 1.")
    if quotes.empty:
        return quotes
    rank = {m: i for i, m in enumerate(_ordered_meetings(meetings))}
    ranked = quotes.assign(
        _n=quotes["matched_terms"].str.split("; ").str.len(),
        _late=quotes["meeting_id"].map(rank).fillna(-1),
    ).sort_values(["theme_id", "_n", "_late"], ascending=[True, False, False], kind="mergesort")
    chosen = ranked.groupby("theme_id", sort=False).head(per_theme)
    return chosen.drop(columns=["_n", "_late"]).reset_index(drop=True)


def theme_quotes_table(quotes: pd.DataFrame, codebook: list[Theme], meetings) -> pd.DataFrame:
    """Every selected quote as a table for the appendix: theme, document, passage link, quote.

    Rows in codebook order, then documents in date order. Cells are left unescaped: the report's
    tables escape them (msmeetings.outputs.table_html) and keep the passage links.
    """
    labels = {t.id: t.label for t in codebook}
    theme_rank = {t.id: i for i, t in enumerate(codebook)}
    meeting_rank = {m: i for i, m in enumerate(_ordered_meetings(meetings))}
    ordered = quotes.assign(
        _t=quotes["theme_id"].map(theme_rank), _m=quotes["meeting_id"].map(meeting_rank)
    ).sort_values(["_t", "_m"], kind="mergesort")
    return pd.DataFrame(
        {
            "theme": [labels.get(t, t) for t in ordered["theme_id"]],
            "document": ordered["meeting_id"].tolist(),
            "passage": [cite(s) for s in ordered["segment_id"]],
            "quote": [q + (" (excerpt)" if x else "") for q, x in zip(ordered["quote"], ordered["is_excerpt"])],
            "matched terms": ordered["matched_terms"].tolist(),
        }
    )


def format_theme_quotes(
    quotes: pd.DataFrame, codebook: list[Theme], meetings, all_quotes: pd.DataFrame | None = None
) -> list[str]:
    """Return one Markdown block per theme: its label and definition, then its quotes, each cited.

    Quoted text is escaped (msmeetings.outputs.esc); each quote ends with a link to its passage.
    Meetings with no passage for a theme are named, so absence is visible. With all_quotes (the
    quotes of every meeting, when ``quotes`` holds only those picked for the body), absence is
    judged on all_quotes and the block says how many documents the appendix quotes.
    """
    order = _ordered_meetings(meetings)
    found = quotes if all_quotes is None else all_quotes
    if all_quotes is not None:
        return _compact_theme_quotes(quotes, codebook, order, found)
    blocks = []
    for theme in codebook:
        mine = quotes[quotes["theme_id"] == theme.id]
        present = set(found.loc[found["theme_id"] == theme.id, "meeting_id"])
        lines = [f"**{esc(theme.label)}** (`{theme.id}`): {esc(theme.definition)}", ""]
        for meeting_id in order:
            for row in mine[mine["meeting_id"] == meeting_id].itertuples(index=False):
                shortened = " (excerpt)" if row.is_excerpt else ""
                lines.append(f"> “{esc(row.quote)}” — {cite(row.segment_id)}{shortened}")
                lines.append(">")
                lines.append(f"> <small>matched: {esc(row.matched_terms)}</small>")
                lines.append("")
        if all_quotes is not None and present:
            lines.append(f"Quoted from {len(present)} of {len(order)} documents in the appendix table.")
        missing = [m for m in order if m not in present]
        if missing:
            lines.append(f"Not found in: {', '.join(esc(m) for m in missing)}.")
        blocks.append("\n".join(lines).rstrip() + "\n")
    return blocks


def _compact_theme_quotes(
    quotes: pd.DataFrame, codebook: list[Theme], order: list[str], found: pd.DataFrame
) -> list[str]:
    """The body's form: per theme its label, one quote and where else it was found, in a few lines.

    Definitions are in the codebook table and the matched terms in the appendix table, so the body
    carries only what a reader needs to see the theme in the documents' own words.
    """
    blocks = []
    for theme in codebook:
        present = [m for m in order if m in set(found.loc[found["theme_id"] == theme.id, "meeting_id"])]
        mine = quotes[quotes["theme_id"] == theme.id]
        where = (
            f"found in {len(present)} of {len(order)} documents"
            + (f"; not in {', '.join(esc(m) for m in order if m not in present)}" if len(present) < len(order) else "")
            if present
            else "found in none of the documents"
        )
        lines = [f"**{esc(theme.label)}** ({where})."]
        for row in mine.itertuples(index=False):
            quote = _word_window(row.quote, row.matched_terms.split("; "), BODY_QUOTE_WORDS)
            shortened = " (excerpt)" if row.is_excerpt or quote != row.quote else ""
            lines.append(f"> “{esc(quote)}” — {cite(row.segment_id)}{shortened}")
        blocks.append("\n\n".join(lines) + "\n")
    return blocks
