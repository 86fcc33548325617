"""Named people: attribution lines, their role as written and the passages quoted (people.csv)."""

from __future__ import annotations

import re

import pandas as pd

from msmeetings import tables
from msmeetings.actors.gazetteers import Gazetteers, slugify
from msmeetings.actors.text import text_blocks

_TITLE_WORDS = re.compile(
    r"\b(?:President|Vice-President|Member|Head|Chair|Chairman|Chairwoman|Chairperson|Director|Coordinator|Prosecutor"
    r"|Minister|Commissioner|Representative|Judge|Secretary|Officer|Spokesperson|Adviser|Advisor|Manager|Deputy"
    r"|Ambassador|Attorney|Rapporteur)\b"
)
_SPEECH_END = re.compile(r",?\s+(?:stated|said|declared|added|commented|explained|noted)\s*:?\s*$")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us)\b")
_CLOSING_QUOTE = re.compile(r"['’”\"]\s*$")
_NAME_STOPWORDS = frozenset(
    {"the", "a", "an", "this", "these", "that", "those", "in", "on", "of", "for", "and", "to", "with", "by"}
)
TITLE_MAX_POSITION = 4
QUOTE_MAX_BLOCKS = 6
ATTRIBUTION_MAX_WORDS = 40


def parse_attribution(text: str, gazetteers: Gazetteers | None = None) -> tuple[str, str] | None:
    """Return (person, role) if a block is a named person's attribution line, else None.

    The line reads "Firstname Lastname, role" (optionally ending "stated:"); the name is two to
    four capitalised words that are not a known actor's name, and the role contains a title word.
    """
    if len(text.split()) > ATTRIBUTION_MAX_WORDS or ", " not in text:
        return None
    name, _, role = text.partition(", ")
    tokens = name.split()
    if not 2 <= len(tokens) <= 4 or any(t.casefold() in _NAME_STOPWORDS for t in tokens):
        return None
    for token in tokens:
        letters = token.replace("-", "").replace("'", "")
        if not (token[0].isupper() and any(ch.islower() for ch in token[1:]) and letters.isalpha()):
            return None
    if gazetteers is not None and any(gazetteers.lookup(t) or gazetteers.lookup(name) for t in tokens):
        return None
    role = _SPEECH_END.sub("", role).strip().rstrip(":").strip()
    # The title comes first ("Head of …", "Italian National Member at …"), not somewhere in a sentence.
    if not _TITLE_WORDS.search(" ".join(role.split()[:TITLE_MAX_POSITION])):
        return None
    return name, role


def extract_people(segments: pd.DataFrame, gazetteers: Gazetteers | None = None) -> pd.DataFrame:
    """Return the named people of each document with their role as written and their quotes (people.csv).

    A quote is the run of blocks after an attribution ending in "stated:" up to the block that
    closes the quotation, or else the block just before the attribution when it speaks in the
    first person (the annual report's layout: quote, then name and title).
    """
    rows = []
    blocks = text_blocks(segments)
    for meeting_id, group in blocks.groupby("meeting_id", sort=True):
        group = group.reset_index(drop=True)
        for i, block in group.iterrows():
            parsed = parse_attribution(block["text"], gazetteers)
            if parsed is None:
                continue
            person, role = parsed
            quotes = []
            if block["text"].rstrip().endswith(":"):
                for j in range(i + 1, min(i + 1 + QUOTE_MAX_BLOCKS, len(group))):
                    quotes.append(group.loc[j, "segment_id"])
                    if _CLOSING_QUOTE.search(group.loc[j, "text"]):
                        break
                else:
                    quotes = quotes[:1]
            elif i > 0 and parse_attribution(group.loc[i - 1, "text"], gazetteers) is None:
                previous = group.loc[i - 1, "text"]
                if _FIRST_PERSON.search(previous) or previous.lstrip().startswith(("'", "‘", "“", '"')):
                    quotes.append(group.loc[i - 1, "segment_id"])
            rows.append(
                {
                    "meeting_id": meeting_id,
                    "segment_id": block["segment_id"],
                    "person_id": slugify(person),
                    "person": person,
                    "role_as_written": role,
                    "quote_segment_ids": ";".join(quotes),
                }
            )
    table = pd.DataFrame(rows, columns=tables.column_names("people"))
    return table.sort_values(["meeting_id", "segment_id"], kind="stable").reset_index(drop=True)
