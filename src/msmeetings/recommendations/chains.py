"""Chains of follow-through from meeting to meeting, and challenges that come back."""

from __future__ import annotations

import numpy as np
import pandas as pd

from msmeetings import tables
from msmeetings.recommendations.followthrough import PRECEDENCE, _decisive, _meeting_dates, _typed
from msmeetings.recommendations.rules import CUE_VERDICTS

CHALLENGE_SUMMARY_COLUMNS = [
    "recommendation_id",
    "meeting_id",
    "segment_id",
    "text",
    "theme_ids",
    "recurs_in",
    "n_later_meetings",
    "last_seen",
    "span_years",
    "evidence_segment_id",
]


def find_chains(followthrough: pd.DataFrame, recommendations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Chains of follow-through: each item with a cue verdict in at least one later meeting, and its links.

    Step 0 is the item itself. Each later meeting with a cue verdict (implemented, reiterated,
    recurring) adds a link, in date order. The link is the best-ranked passage with a cue verdict
    that was found through a link in an earlier meeting, if any, when it brings stronger news than the
    passage deciding the meeting's verdict (the chain follows its thread: the Focus Group launched in
    2020 leads to its subgroup in 2023); otherwise the deciding passage (see summarise_followthrough).
    A reviewed meeting always shows the passage behind the reviewer's verdict. linked_from names what
    a link was matched against.

    Returns:
        The columns of the chains table; chain_id is the item's recommendation_id.
    """
    if recommendations is None:
        ids = list(dict.fromkeys(followthrough["recommendation_id"]))
        recommendations = pd.DataFrame(
            {
                "recommendation_id": ids,
                "meeting_id": [r.rsplit(":R", 1)[0] for r in ids],
                "segment_id": "",
                "kind": "",
                "text": "",
            }
        )
    # One pass over plain records (a frame operation per group was most of the run time); groups keep
    # the order of first appearance and a stable sort by rank, as groupby(sort=False) + mergesort did.
    groups: dict[tuple[str, str], list[dict]] = {}
    for record in followthrough.to_dict("records"):
        groups.setdefault((record["recommendation_id"], record["later_meeting_id"]), []).append(record)
    for pair_rows in groups.values():
        pair_rows.sort(key=lambda r: r["rank"])
    meetings_of: dict[str, list[str]] = {}
    for rec_id, meeting_id in groups:
        meetings_of.setdefault(rec_id, []).append(meeting_id)
    rows = []
    for rec in recommendations.itertuples(index=False):
        steps = []
        later = meetings_of.get(rec.recommendation_id, [])
        for position, meeting_id in enumerate(later):
            pair_rows = groups[(rec.recommendation_id, meeting_id)]
            chosen = _decisive(pair_rows, rec.kind)
            if not chosen["reviewed"]:
                # Follow the thread: a passage found through a link in an earlier meeting.
                earlier = set(later[:position])
                thread = [
                    r
                    for r in pair_rows
                    if r["verdict"] in CUE_VERDICTS
                    and r.get("confidence") == "high"
                    and r["via_segment_id"].split(":")[0] in earlier
                ]
                # The strongest news along the thread first (for a recommendation: reported done).
                order = PRECEDENCE["challenge" if rec.kind == "challenge" else "default"]
                thread.sort(key=lambda r: order.index(r["verdict"]))
                # The thread wins only with stronger news than the passage matching the item itself:
                # at equal verdicts the direct match is the better evidence.
                direct_is_news = chosen["verdict"] in order and chosen.get("confidence") == "high"
                if thread and not (
                    direct_is_news and order.index(chosen["verdict"]) <= order.index(thread[0]["verdict"])
                ):
                    chosen = thread[0]
            # A chain links only what the chapter counts: a confident machine verdict or a reviewed one,
            # so that one false link cannot make "the longest chain".
            if chosen["verdict"] not in CUE_VERDICTS or not (chosen.get("confidence") == "high" or chosen["reviewed"]):
                continue
            steps.append(
                {
                    "chain_id": rec.recommendation_id,
                    "step": len(steps) + 1,
                    "meeting_id": meeting_id,
                    "segment_id": chosen["segment_id"],
                    "kind": rec.kind,
                    "verdict": chosen["verdict"],
                    "similarity": chosen["similarity"],
                    "linked_from": chosen["via_segment_id"] or rec.segment_id,
                    "text": chosen["evidence"],
                    "reviewed": bool(chosen["reviewed"]),
                }
            )
        if steps:
            rows.append(
                {
                    "chain_id": rec.recommendation_id,
                    "step": 0,
                    "meeting_id": rec.meeting_id,
                    "segment_id": rec.segment_id,
                    "kind": rec.kind,
                    "verdict": "",
                    "similarity": np.nan,
                    "linked_from": "",
                    "text": rec.text,
                    "reviewed": False,
                }
            )
            rows.extend(steps)
    return _typed(pd.DataFrame(rows, columns=tables.column_names("chains")))


def summarise_challenges(summary: pd.DataFrame, recommendations: pd.DataFrame, meetings) -> pd.DataFrame:
    """Challenges raised again in later meetings: where first named, where it recurs, over how many years.

    Returns:
        CHALLENGE_SUMMARY_COLUMNS, challenges with at least one later meeting judged "recurring",
        longest span first, then most later meetings, then document order.
    """
    dates = _meeting_dates(meetings)
    challenges = recommendations[recommendations["kind"] == "challenge"]
    recurring = summary[summary["verdict"] == "recurring"]
    by_rec = {r: g for r, g in recurring.groupby("recommendation_id", sort=False)}
    rows = []
    for position, rec in enumerate(challenges.itertuples(index=False)):
        group = by_rec.get(rec.recommendation_id)
        if group is None or rec.meeting_id not in dates:
            continue
        later = sorted(group["later_meeting_id"], key=lambda m: dates[m])
        last = later[-1]
        rows.append(
            {
                "recommendation_id": rec.recommendation_id,
                "meeting_id": rec.meeting_id,
                "segment_id": rec.segment_id,
                "text": rec.text,
                "theme_ids": rec.theme_ids,
                "recurs_in": ";".join(later),
                "n_later_meetings": len(later),
                "last_seen": last,
                "span_years": dates[last].year - dates[rec.meeting_id].year,
                "evidence_segment_id": group.set_index("later_meeting_id").loc[last, "segment_id"],
                "_order": position,
            }
        )
    table = pd.DataFrame(rows, columns=CHALLENGE_SUMMARY_COLUMNS + ["_order"])
    table = table.sort_values(
        ["span_years", "n_later_meetings", "_order"], ascending=[False, False, True], kind="mergesort"
    )
    return table[CHALLENGE_SUMMARY_COLUMNS].reset_index(drop=True)
