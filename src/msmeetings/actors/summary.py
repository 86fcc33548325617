"""Meeting-level summaries of the actor mentions: roles, regions, organisations, stated participation."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

import pandas as pd
from text_to_num import text2num

from msmeetings.actors.gazetteers import REGIONS, ROLES, TOOK_PART_ROLES, Gazetteers
from msmeetings.actors.text import sentence_spans, text_blocks


def summarise_roles(actors: pd.DataFrame) -> pd.DataFrame:
    """One row per meeting and actor: its role in the meeting and mentions.

    The meeting-level role is the first in ``ROLES`` that any mention has: participant, then
    observer, then funder, else subject.
    """
    keys = ["meeting_id", "actor_type", "actor_id"]
    if actors.empty:
        return pd.DataFrame(columns=keys + ["role", "region", "org_type", "n_mentions", "first_segment_id"])
    rank = {role: i for i, role in enumerate(ROLES)}
    grouped = actors.assign(role=actors["role"].map(rank)).groupby(keys, sort=True)
    table = grouped.agg(
        n_mentions=("segment_id", "size"),
        first_segment_id=("segment_id", "min"),
        region=("region", "first"),
        org_type=("org_type", "first"),
        role_rank=("role", "min"),
    ).reset_index()
    table["role"] = [ROLES[rank] for rank in table.pop("role_rank")]
    return table[keys + ["role", "region", "org_type", "n_mentions", "first_segment_id"]]


def count_countries_by_region(actors: pd.DataFrame, meeting_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Distinct countries per meeting, role and region (a country counted once, as participant if it was one)."""
    roles = summarise_roles(actors)
    countries = roles[roles["actor_type"] == "country"]
    counts = countries.groupby(["meeting_id", "role", "region"]).size().rename("n_countries")
    meetings = list(meeting_ids) if meeting_ids is not None else sorted(actors["meeting_id"].unique())
    index = pd.MultiIndex.from_product([meetings, ROLES, REGIONS], names=["meeting_id", "role", "region"])
    return counts.reindex(index, fill_value=0).reset_index()


def share_non_eu(actors: pd.DataFrame, meeting_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Per meeting: countries named and how many were not EU Member States then, in all and among participants."""
    roles = summarise_roles(actors)
    countries = roles[roles["actor_type"] == "country"]
    meetings = list(meeting_ids) if meeting_ids is not None else sorted(actors["meeting_id"].unique())
    rows = []
    for meeting_id in meetings:
        here = countries[countries["meeting_id"] == meeting_id]
        part = here[here["role"].isin(TOOK_PART_ROLES)]
        n_all, n_part = len(here), len(part)
        non_eu_all = int((here["region"] != "eu_member_state").sum())
        non_eu_part = int((part["region"] != "eu_member_state").sum())
        rows.append(
            {
                "meeting_id": meeting_id,
                "n_countries": n_all,
                "n_non_eu": non_eu_all,
                "non_eu_share_pct": round(100 * non_eu_all / n_all, 1) if n_all else math.nan,
                "n_participant_countries": n_part,
                "n_participant_non_eu": non_eu_part,
                "participant_non_eu_share_pct": round(100 * non_eu_part / n_part, 1) if n_part else math.nan,
            }
        )
    return pd.DataFrame(rows)


def organisation_matrix(actors: pd.DataFrame, gazetteers: Gazetteers, meeting_ids: Iterable[str]) -> pd.DataFrame:
    """Organisations x meetings: 'participant', 'subject' or '' per cell, with type and mentions.

    Rows are sorted by the first meeting an organisation appears in, then by mentions.
    """
    meetings = list(meeting_ids)
    roles = summarise_roles(actors)
    orgs = roles[roles["actor_type"] == "organisation"]
    if orgs.empty:
        return pd.DataFrame(columns=["org_id", "label", "org_type", "n_mentions", *meetings])
    wide = orgs.pivot(index="actor_id", columns="meeting_id", values="role").reindex(columns=meetings).fillna("")
    info = gazetteers.organisations.set_index("org_id")
    table = wide.reset_index().rename(columns={"actor_id": "org_id"})
    table.columns.name = None
    table.insert(1, "label", table["org_id"].map(info["label"]))
    table.insert(2, "org_type", table["org_id"].map(info["org_type"]))
    table.insert(3, "n_mentions", table["org_id"].map(orgs.groupby("actor_id")["n_mentions"].sum()).astype(int))
    order = {m: i for i, m in enumerate(meetings)}
    table["_first"] = [min(order[m] for m in meetings if row[m]) for _, row in table.iterrows()]
    table = table.sort_values(["_first", "n_mentions", "org_id"], ascending=[True, False, True], kind="stable")
    return table.drop(columns="_first").reset_index(drop=True)


_STATED_CUE = re.compile(
    r"\b(?:attend\w*|represented|participa\w*|took\s+part|brought\s+together|met)\b", re.IGNORECASE
)
_STATED_COUNT = re.compile(
    r"\b(?P<number>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|several|many|numerous|various)"
    r"\s+(?:(?:international|non-EU|EU|partner|third)\s+)?"
    r"(?P<noun>countries|States|Member\s+States|organisations|organizations|agencies|bodies)\b"
)


def _number(word: str) -> float:
    if word.isdigit():
        return float(word)
    try:
        return float(text2num(word.lower(), "en"))
    except ValueError:
        return math.nan  # "several", "many": stated, but not a number


def find_stated_participation(segments: pd.DataFrame) -> pd.DataFrame:
    """Counts of participating countries and organisations as the documents state them."""
    rows = []
    for block in text_blocks(segments).itertuples(index=False):
        for s_start, s_end in sentence_spans(block.text):
            sentence = block.text[s_start:s_end]
            if not _STATED_CUE.search(sentence):
                continue
            for match in _STATED_COUNT.finditer(sentence):
                noun = match.group("noun").lower()
                is_body = noun in ("organisations", "organizations", "agencies", "bodies")
                kind = "organisations" if is_body else "countries"
                rows.append(
                    {
                        "meeting_id": block.meeting_id,
                        "segment_id": block.segment_id,
                        "what": kind,
                        "stated_as": match.group(),
                        "stated_number": _number(match.group("number")),
                        "sentence": sentence,
                    }
                )
    return pd.DataFrame(rows, columns=["meeting_id", "segment_id", "what", "stated_as", "stated_number", "sentence"])


def compare_stated_participation(
    segments: pd.DataFrame,
    actors: pd.DataFrame,
    gazetteers: Gazetteers,
    organisers: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Per meeting: participation as stated, side by side with the participants the text names.

    Counted organisations are distinct bodies, a unit counted with the highest body above it
    that also took part (the EMSC with Europol when Europol is named too), without national
    authorities (their countries are counted) and without the organiser, which the documents do
    not count among the organisations represented.
    """
    stated = find_stated_participation(segments)
    roles = summarise_roles(actors)
    part = roles[roles["role"].isin(TOOK_PART_ROLES)]
    info = gazetteers.organisations.set_index("org_id")
    parents = info["parent"].to_dict()
    rows = []
    for meeting_id in sorted(segments["meeting_id"].unique()):
        here = part[part["meeting_id"] == meeting_id]
        organiser = gazetteers.lookup((organisers or {}).get(meeting_id, "") or "")
        organiser_id = organiser.actor_id if organiser and organiser.actor_type == "organisation" else ""
        org_rows = here[(here["actor_type"] == "organisation") & (here["org_type"] != "national authority")]
        named = set(org_rows["actor_id"]) | ({organiser_id} if organiser_id else set())
        top_ids = sorted({_highest_named(o, parents, named) for o in org_rows["actor_id"]} - {organiser_id})
        countries = sorted(here.loc[here["actor_type"] == "country", "actor_id"])
        groups = sorted(here.loc[here["actor_type"] == "group", "actor_id"])
        mine = stated[stated["meeting_id"] == meeting_id]

        def _stated(kind: str, frame=mine) -> float:
            values = frame.loc[frame["what"] == kind, "stated_number"]
            return float(values.sum()) if len(values) and values.notna().all() else math.nan

        rows.append(
            {
                "meeting_id": meeting_id,
                "stated": "; ".join(mine["stated_as"]),
                "stated_countries": _stated("countries"),
                "stated_organisations": _stated("organisations"),
                "counted_countries": len(countries),
                "counted_organisations": len(top_ids),
                "counted_groups": len(groups),
                "countries_named": ", ".join(countries),
                "organisations_named": ", ".join(info.loc[t, "label"] for t in top_ids),
                "groups_named": ", ".join(groups),
                "segment_ids": ";".join(dict.fromkeys(mine["segment_id"])),
            }
        )
    return pd.DataFrame(rows)


def _highest_named(org_id: str, parents: Mapping[str, str], named: set[str]) -> str:
    """The highest body above org_id (or org_id itself) that is in ``named``."""
    best, current = org_id, org_id
    while parents.get(current):
        current = parents[current]
        if current in named:
            best = current
    return best
