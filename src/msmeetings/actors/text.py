"""The passages actors are read from, and their sentences."""

from __future__ import annotations

import pandas as pd

from msmeetings.segment import TEXT_KINDS, split_sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of a passage as (start, end) offsets; the whole passage when it has none."""
    return split_sentences(text) or [(0, len(text))]


def text_blocks(segments: pd.DataFrame) -> pd.DataFrame:
    """The segments that hold running text (paragraphs, bullets, list items, footnotes), in order."""
    blocks = segments[segments["kind"].isin(TEXT_KINDS)]
    return blocks.sort_values(["meeting_id", "segment_id"], kind="stable")
