"""Actor mentions in the segments: gazetteer matches with their role (actors.csv)."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from msmeetings import tables
from msmeetings.actors.gazetteers import ACTOR_TYPES, MENTION_KINDS, REGIONS, ROLES, Actor, Gazetteers
from msmeetings.actors.mentions import country_of, define_organisations, find_mentions, mention_kind
from msmeetings.actors.people import extract_people, find_speakers, parse_attribution
from msmeetings.actors.rules import attendance_lead, classify_role
from msmeetings.actors.text import sentence_spans, text_blocks


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
    person_names = people[["meeting_id", "person_id", "person", "attributed_by"]].drop_duplicates(
        ["meeting_id", "person_id"]
    )
    blocks = text_blocks(segments)
    defined = {m: define_organisations(group["text"], gazetteers) for m, group in blocks.groupby("meeting_id")}
    # The attendance lead-in still open from an earlier block: ":" while its list items run on, "." for one sentence.
    lead, lead_meeting = "", None
    for block in blocks.itertuples(index=False):
        text = block.text
        date = (meeting_dates or {}).get(block.meeting_id)
        sentences = sentence_spans(text)
        if block.meeting_id != lead_meeting:
            lead, lead_meeting = "", block.meeting_id
        listed_after_lead = _listed_after_lead(text, lead, block.kind, sentences)
        # A body or country in a speaker's apposition ("Name, National Member for Ireland at
        # Eurojust, said") took part through the speaker.
        speakers = [] if parse_attribution(text, gazetteers) else find_speakers(text, gazetteers)
        labels = [(s.label_start, s.label_end) for s in speakers if s.label_end > s.label_start]
        for mention in find_mentions(text, gazetteers, defined.get(block.meeting_id)):
            s_start, s_end = next(((s, e) for s, e in sentences if s <= mention.start < e), (0, len(text)))
            in_label = any(s <= mention.start and mention.end <= e for s, e in labels)
            role = (
                "participant"
                if in_label
                else classify_role(text[s_start:s_end], mention.start - s_start, mention.end - s_start)
            )
            if role == "subject" and mention.actor.actor_type in ("country", "group", "organisation"):
                if any(s <= mention.start < e for s, e in listed_after_lead):
                    role = "participant"
            kind = "speaker_label" if in_label else mention_kind(text, mention, defined.get(block.meeting_id))
            actor = mention.actor
            # A national authority is placed in its state's region; other bodies have none.
            located = country_of(gazetteers, actor.iso3) if actor.actor_type == "organisation" and actor.iso3 else actor
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
                    "mention_as": kind,
                    "text_start": mention.start,
                    "text_end": mention.end,
                }
            )
        last = attendance_lead(text[sentences[-1][0] : sentences[-1][1]]) if sentences else ""
        still_listing = block.kind in _LIST_KINDS and not _running_text(text, sentences)
        lead = last or (lead if lead == ":" and still_listing else "")
        for person in person_names[person_names["meeting_id"] == block.meeting_id].itertuples(index=False):
            for match in re.finditer(re.escape(person.person), text):
                s_start, s_end = next(((s, e) for s, e in sentences if s <= match.start() < e), (0, len(text)))
                # An account that reports a person speaking says they took part; a quotation set
                # under a name and title (a press release's layout) does not.
                role = (
                    "participant"
                    if person.attributed_by == "speech verb"
                    else classify_role(text[s_start:s_end], match.start() - s_start, match.end() - s_start)
                )
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
                        "mention_as": "name",
                        "text_start": match.start(),
                        "text_end": match.end(),
                    }
                )
    table = pd.DataFrame(rows, columns=tables.column_names("actors"))
    order = ["meeting_id", "segment_id", "text_start", "text_end", "actor_type", "actor_id"]
    table = table.sort_values(order, kind="stable")
    return table.reset_index(drop=True).astype({"text_start": "int64", "text_end": "int64"})


_LIST_KINDS = ("bullet", "list_item")
# A sentence that is a bare list of names, not a clause with its own verb.
_CLAUSE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|said|discussed|presented|noted|described|explained|will|would|can|could)\b"
)


def _running_text(text: str, sentences: list[tuple[int, int]]) -> bool:
    """Whether a block is running text (two sentences or more, with a verb), not an entry of a list of names.

    A communiqué's numbered paragraphs are list items too: "3. Chad attended as an observer. The delegation
    of Libya was expected but could not travel." ends the list of delegations above it.
    """
    return len(sentences) >= 2 and bool(_CLAUSE_VERB.search(text))


def _listed_after_lead(text: str, lead: str, kind: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of a block that list the attendees announced by a lead-in before them.

    After "... from the following States:" the list items that follow, or the next sentence; after
    "The following States were represented." the next sentence, in the same block or the next,
    when it is a bare list.
    """
    spans = []
    if lead and sentences:
        if lead == ":" and kind in _LIST_KINDS:
            if not _running_text(text, sentences):
                spans.append((0, len(text)))
        else:
            spans.append(sentences[0])
    for (s0, e0), following in zip(sentences, sentences[1:]):
        if attendance_lead(text[s0:e0]):
            spans.append(following)
    return [(s, e) for s, e in spans if kind in _LIST_KINDS or not _CLAUSE_VERB.search(text[s:e])]


def check_actors(table: pd.DataFrame, segments: pd.DataFrame) -> None:
    """The step's own output check: every row traces to its segment's text, with valid values.

    Raises:
        ValueError: a row names an unknown segment, its span does not hold ``name_as_written``,
            or a type, role or ``mention_as`` is not one of the allowed values, or an id is empty.
    """
    text = segments.drop_duplicates("segment_id").set_index("segment_id")["text"]
    for row in table.itertuples(index=False):
        if row.segment_id not in text.index:
            raise ValueError(f"actors: row for '{row.actor_id}' names segment {row.segment_id}, not in the segments.")
        if text[row.segment_id][row.text_start : row.text_end] != row.name_as_written:
            raise ValueError(
                f"actors: '{row.name_as_written}' is not at {row.text_start}:{row.text_end} of {row.segment_id}."
            )
        if row.actor_type not in ACTOR_TYPES or row.role not in ROLES or row.mention_as not in MENTION_KINDS:
            raise ValueError(
                f"actors: bad row in {row.segment_id}: type '{row.actor_type}', role '{row.role}', "
                f"written as '{row.mention_as}', id '{row.actor_id}'."
            )
        if not row.actor_id:
            raise ValueError(f"actors: a row in {row.segment_id} has no actor id.")
        if row.actor_type == "country" and row.region not in REGIONS:
            raise ValueError(f"actors: country '{row.actor_id}' in {row.segment_id} has no valid region.")
