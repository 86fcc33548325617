"""Actor mentions in the segments: gazetteer matches with their role (actors.csv)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from msmeetings import tables
from msmeetings.actors.gazetteers import ACTOR_TYPES, REGIONS, ROLES, Actor, Gazetteers
from msmeetings.actors.people import extract_people
from msmeetings.actors.rules import classify_role
from msmeetings.actors.text import sentence_spans, text_blocks

_CODE_LIST = re.compile(r"(?<![\w-])[A-Z]{2}(?:(?:,\s*|\s+and\s+|\s+or\s+|,\s+and\s+)[A-Z]{2}){2,}(?![\w-])")


# Extraction


@dataclass(frozen=True)
class Mention:
    """One match of an alias in a text."""

    start: int
    end: int
    text: str
    actor: Actor


def find_mentions(text: str, gazetteers: Gazetteers) -> list[Mention]:
    """Return the actor mentions in one clean text, in order (code lists, then longest-first names).

    A national authority with a country (``iso3`` in the gazetteer) yields two mentions on the
    same span: the body and its state, so that country counts include "the Dutch National
    Prosecutor's Office".
    """
    mentions: list[Mention] = []
    masked = list(text)
    for match in _CODE_LIST.finditer(text):
        tokens = list(re.finditer(r"[A-Z]{2}", match.group()))
        if all(t.group() in gazetteers.codes for t in tokens):
            for t in tokens:
                start = match.start() + t.start()
                mentions.append(Mention(start, start + 2, t.group(), gazetteers.codes[t.group()]))
            masked[match.start() : match.end()] = " " * (match.end() - match.start())
    for match in gazetteers.pattern.finditer("".join(masked)):
        actor = gazetteers.lookup(match.group())
        if actor is None:
            continue
        written = text[match.start() : match.end()]
        mentions.append(Mention(match.start(), match.end(), written, actor))
        if actor.actor_type == "organisation" and actor.iso3:
            mentions.append(Mention(match.start(), match.end(), written, _country(gazetteers, actor.iso3)))
    return sorted(mentions, key=lambda m: (m.start, m.end, m.actor.actor_type, m.actor.actor_id))


def _country(gazetteers: Gazetteers, iso3: str) -> Actor:
    """The country actor of an ISO code (a national authority's state)."""
    table = gazetteers.countries
    rows = table[(table["actor_type"] == "country") & (table["actor_id"] == iso3)]
    if rows.empty:
        # The gazetteer check guarantees a valid code, not that the alias table lists the country.
        return Actor("country", iso3, iso3, "other", iso3=iso3)
    row = rows.iloc[0]
    return Actor(
        "country", iso3, row["name"], row["region"], iso3=iso3, eu_from=row["eu_from"], eu_until=row["eu_until"]
    )


def _region_at(actor: Actor, date: str | None) -> str:
    """Region of an actor at a meeting date: EU membership can begin or end (the UK left in 2020)."""
    if actor.actor_type != "country" or not (actor.eu_from or actor.eu_until):
        return actor.region
    if date is None:
        return "other" if actor.eu_until else actor.region
    day = (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10] if len(date) == 7 else date[:10]
    member = (not actor.eu_from or day >= actor.eu_from) and (not actor.eu_until or day <= actor.eu_until)
    return "eu_member_state" if member else "other"


def extract_actors(
    segments: pd.DataFrame, gazetteers: Gazetteers, meeting_dates: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Return one row per actor mention in the text blocks of the segments (actors.csv).

    Args:
        segments: The segments table (columns as ``msmeetings.segment.SEGMENT_COLUMNS``).
        gazetteers: From :func:`load_gazetteers`.
        meeting_dates: Start date per meeting (manifest ``start_date``), used for regions that
            changed (the UK was an EU Member State until 31 January 2020). Without a date, the
            present membership is used.

    Returns:
        Columns of the ``actors`` table; ``text_start``/``text_end`` are offsets in the segment's text.
        Sorted by meeting, segment and position.
    """
    rows = []
    people = extract_people(segments, gazetteers)
    person_names = people[["meeting_id", "person_id", "person"]].drop_duplicates()
    for block in text_blocks(segments).itertuples(index=False):
        text = block.text
        date = (meeting_dates or {}).get(block.meeting_id)
        sentences = sentence_spans(text)
        for mention in find_mentions(text, gazetteers):
            s_start, s_end = next(((s, e) for s, e in sentences if s <= mention.start < e), (0, len(text)))
            role = classify_role(text[s_start:s_end], mention.start - s_start, mention.end - s_start)
            actor = mention.actor
            # A national authority is placed in its state's region; other bodies have none.
            located = _country(gazetteers, actor.iso3) if actor.actor_type == "organisation" and actor.iso3 else actor
            rows.append(
                {
                    "meeting_id": block.meeting_id,
                    "segment_id": block.segment_id,
                    "actor_type": actor.actor_type,
                    "actor_id": actor.actor_id,
                    "name_as_written": mention.text,
                    "iso3": actor.iso3,
                    "region": _region_at(located, date),
                    "org_type": actor.org_type,
                    "role": role,
                    "text_start": mention.start,
                    "text_end": mention.end,
                }
            )
        for person in person_names[person_names["meeting_id"] == block.meeting_id].itertuples(index=False):
            for match in re.finditer(re.escape(person.person), text):
                s_start, s_end = next(((s, e) for s, e in sentences if s <= match.start() < e), (0, len(text)))
                role = classify_role(text[s_start:s_end], match.start() - s_start, match.end() - s_start)
                rows.append(
                    {
                        "meeting_id": block.meeting_id,
                        "segment_id": block.segment_id,
                        "actor_type": "person",
                        "actor_id": person.person_id,
                        "name_as_written": person.person,
                        "iso3": "",
                        "region": "",
                        "org_type": "",
                        "role": role,
                        "text_start": match.start(),
                        "text_end": match.end(),
                    }
                )
    table = pd.DataFrame(rows, columns=tables.column_names("actors"))
    order = ["meeting_id", "segment_id", "text_start", "text_end", "actor_type", "actor_id"]
    table = table.sort_values(order, kind="stable")
    return table.reset_index(drop=True).astype({"text_start": "int64", "text_end": "int64"})


def check_actors(table: pd.DataFrame, segments: pd.DataFrame) -> None:
    """The step's own output check: every row traces to its segment's text, with valid values.

    Raises:
        ValueError: a row names an unknown segment, its span does not hold ``name_as_written``,
            or a type or role is not one of the allowed values.
    """
    text = segments.drop_duplicates("segment_id").set_index("segment_id")["text"]
    for row in table.itertuples(index=False):
        if row.segment_id not in text.index:
            raise ValueError(f"actors: row for '{row.actor_id}' names segment {row.segment_id}, not in the segments.")
        if text[row.segment_id][row.text_start : row.text_end] != row.name_as_written:
            raise ValueError(
                f"actors: '{row.name_as_written}' is not at {row.text_start}:{row.text_end} of {row.segment_id}."
            )
        if row.actor_type not in ACTOR_TYPES or row.role not in ROLES or not row.actor_id:
            raise ValueError(
                f"actors: bad row in {row.segment_id}: type '{row.actor_type}', role '{row.role}', id '{row.actor_id}'."
            )
        if row.actor_type == "country" and row.region not in REGIONS:
            raise ValueError(f"actors: country '{row.actor_id}' in {row.segment_id} has no valid region.")
