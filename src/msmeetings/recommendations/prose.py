"""Tables and sentences the chapter shows: counts by kind, addressee and theme; the cue wording."""

from __future__ import annotations

import pandas as pd

from msmeetings.outputs import cite, esc
from msmeetings.recommendations.charts import short_label
from msmeetings.recommendations.rules import CUE_DESCRIPTIONS, CUE_VERDICTS, KINDS, VERDICTS


def count_recommendations(recommendations: pd.DataFrame, by: str, meeting_ids: list[str]) -> pd.DataFrame:
    """Items per meeting broken down by a column ("kind", "addressee", or "theme_ids" split on ";").

    Returns:
        One row per value of `by` (empty shown as "not stated"), one column per meeting in the order
        given, and a total; sorted by total, then value.
    """
    frame = recommendations[["meeting_id", by]].copy()
    if by == "theme_ids":
        frame[by] = frame[by].fillna("").str.split(";")
        frame = frame.explode(by)
        frame = frame[frame[by] != ""]
    frame[by] = frame[by].fillna("").replace("", "not stated")
    table = pd.crosstab(frame[by], frame["meeting_id"]).reindex(columns=meeting_ids, fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.reset_index().rename(columns={by: by.removesuffix("_ids")})
    table.columns.name = None
    first = table.columns[0]
    return table.sort_values(["total", first], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def describe_cues() -> pd.DataFrame:
    """The verdicts and the wording that triggers each, for the methods section."""
    return pd.DataFrame(
        {"verdict": list(CUE_DESCRIPTIONS), "what the later passage says": list(CUE_DESCRIPTIONS.values())}
    )


def counted(summary: pd.DataFrame) -> pd.Series:
    """The pairs whose verdict the chapter counts: a confident machine verdict, or one a researcher reviewed."""
    return (summary["confidence"] == "high") | summary["reviewed"].astype(bool)


def items_listing(items: pd.DataFrame) -> pd.DataFrame:
    """Recommendations, conclusions and proposals as the appendix lists them, with a link to the source."""
    listing = items[items["kind"] != "challenge"]
    return pd.DataFrame(
        {
            "item": listing["recommendation_id"],
            "kind": listing["kind"],
            "addressee": listing["addressee"].replace("", "not stated"),
            "text": listing["text"],
            "source": listing["segment_id"].map(cite),
        }
    ).reset_index(drop=True)


def verdict_tally(summary: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Pairs of an item and a later meeting by kind of item and verdict (only pairs the chapter counts)."""
    pairs = summary[counted(summary)].merge(items[["recommendation_id", "kind"]], on="recommendation_id")
    tally = pd.crosstab(pairs["kind"], pairs["verdict"]).reindex(
        index=list(KINDS), columns=list(VERDICTS), fill_value=0
    )
    tally.columns.name = None
    return tally.reset_index()


def describe_verdicts(summary: pd.DataFrame, automatic_summary: pd.DataFrame, min_similarity: float) -> str:
    """The sentence under the tally: how many pairs carry a cue, how many are confident, what review changed."""
    n_pairs = len(summary)
    kept = counted(summary)
    cue = summary["verdict"].isin(CUE_VERDICTS)
    reviewed = summary[summary["reviewed"].astype(bool)]
    changed = reviewed.merge(automatic_summary, on=["recommendation_id", "later_meeting_id"], suffixes=("", "_auto"))
    changed = changed[changed["verdict"] != changed["verdict_auto"]]
    by_verdict = summary[kept & cue]["verdict"].value_counts()
    return (
        f"Of {n_pairs} pairs of an item and a later meeting, {int(cue.sum())} carry an explicit cue; "
        f"{int((kept & cue).sum())} of them are counted because the machine verdict is confident (the cue is in the "
        "passage itself and it shares at least two specific words with the item) or a researcher reviewed it: "
        f"{int(by_verdict.get('implemented', 0))} implemented, {int(by_verdict.get('reiterated', 0))} reiterated, "
        f"{int(by_verdict.get('recurring', 0))} recurring. "
        f"{int((summary['verdict'] == 'not_found').sum())} pairs find no passage scoring at least {min_similarity}; "
        "followthrough.csv keeps only the passages that clear that threshold, so a pair without a row there is not "
        f"found. A researcher reviewed {len(reviewed)} pairs and changed the machine verdict in {len(changed)} of them."
    )


def evidence_table(summary: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """The counted verdicts with a cue: the item, the later passage quoted, its link and the reviewer's note."""
    text_of = dict(zip(items["recommendation_id"], items["text"]))
    rows = summary[summary["verdict"].isin(CUE_VERDICTS) & counted(summary)]
    return pd.DataFrame(
        {
            "item": [f"{r}: {short_label(text_of.get(r, ''), 90)}" for r in rows["recommendation_id"]],
            "later meeting": rows["later_meeting_id"],
            "verdict": [v + (" (reviewed)" if r else "") for v, r in zip(rows["verdict"], rows["reviewed"])],
            "cue": rows["cue"],
            "evidence": rows["evidence"],
            "source": rows["segment_id"].map(cite),
            "reviewer's note": rows["review_note"],
        }
    ).reset_index(drop=True)


def answers_by_addressee(summary: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """What became of each ask that has a later document: done (with evidence), asked again, or never taken up.

    Only recommendations, proposals and conclusions with at least one later meeting in the selection
    are listed; a verdict counts only when confident or reviewed. Grouped by addressee ("not stated"
    last), in document order within each.
    """
    asks = items[items["kind"] != "challenge"]
    counted_pairs = summary[counted(summary)]
    later = set(summary["recommendation_id"])
    rows = []
    for item in asks.itertuples(index=False):
        if item.recommendation_id not in later:
            continue
        own = counted_pairs[counted_pairs["recommendation_id"] == item.recommendation_id]
        done = own[own["verdict"] == "implemented"]
        again = own[own["verdict"] == "reiterated"]
        if len(done):
            first = done.iloc[0]
            answer, where, evidence = "reported done", first["later_meeting_id"], first["evidence"]
            source = cite(first["segment_id"])
        elif len(again):
            first = again.iloc[0]
            answer, where = "asked again", "; ".join(again["later_meeting_id"])
            evidence, source = first["evidence"], cite(first["segment_id"])
        else:
            answer, where, evidence, source = "never taken up", "", "", ""
        rows.append(
            {
                "addressee": item.addressee or "not stated",
                "item": item.recommendation_id,
                "what was asked": item.text,
                "answer": answer,
                "where": where,
                "evidence": evidence,
                "source": cite(item.segment_id),
                "evidence source": source,
            }
        )
    table = pd.DataFrame(
        rows,
        columns=["addressee", "item", "what was asked", "answer", "where", "evidence", "source", "evidence source"],
    )
    table["_last"] = table["addressee"] == "not stated"
    table = table.sort_values(["_last", "addressee"], kind="mergesort").drop(columns="_last")
    return table.reset_index(drop=True)


def describe_answers(answers: pd.DataFrame) -> str:
    """The chapter's answer in one paragraph: how many asks were done, asked again, never taken up, quoting some."""
    if answers.empty:
        return "No recommendation, proposal or conclusion has a later document in this selection."
    counts = answers["answer"].value_counts()
    never = answers[answers["answer"] == "never taken up"]
    named = never[never["addressee"] != "not stated"]
    quoted = (named if len(named) else never).head(4)
    quotes = "; ".join(
        f"{esc(r['addressee'])}: “{esc(short_label(r['what was asked'], 110))}” ({r['source']})"
        for _, r in quoted.iterrows()
    )
    text = (
        f"Of {len(answers)} recommendations, proposals and conclusions that have a later document, "
        f"**{int(counts.get('reported done', 0))} are reported done**, {int(counts.get('asked again', 0))} are "
        f"asked again and **{int(counts.get('never taken up', 0))} are never taken up** (no confident or reviewed "
        "verdict in any later meeting)."
    )
    return text + (f" Never taken up, for example — {quotes}." if quotes else "")


def challenge_listing(challenges: pd.DataFrame, theme_labels: dict[str, str]) -> pd.DataFrame:
    """Recurring challenges as the chapter shows them: first raised, quoted, themes, where raised again, years."""
    return pd.DataFrame(
        {
            "first raised": challenges["meeting_id"],
            "challenge": [short_label(text, 160) for text in challenges["text"]],
            "themes": [", ".join(theme_labels[x] for x in ids.split(";") if x) for ids in challenges["theme_ids"]],
            "raised again in": challenges["recurs_in"],
            "years": challenges["span_years"],
            "first": challenges["segment_id"].map(cite),
            "latest": challenges["evidence_segment_id"].map(cite),
        }
    ).reset_index(drop=True)


def describe_challenges(challenges: pd.DataFrame, items: pd.DataFrame, summary: pd.DataFrame) -> str:
    """How many challenges come back, out of those that have a later document in the selection."""
    named = items[items["kind"] == "challenge"]
    with_later = named[named["recommendation_id"].isin(set(summary["recommendation_id"]))]
    per_document = named.groupby("meeting_id", sort=False).size()
    tail = (
        " Challenges named per document: "
        + ", ".join(f"{esc(m)} {int(n)}" for m, n in per_document.items())
        + "; a problem can only be seen to recur where documents name problems at all."
    )
    if challenges.empty:
        return f"None of the {len(with_later)} challenges that have a later document is raised again." + tail
    top = challenges.iloc[0]
    return (
        f"{len(challenges)} of the {len(with_later)} challenges that have a later document in this selection "
        f"({len(named)} named in all) are raised again; a challenge that lists several problems counts when one "
        "of them comes back, which does not mean that every problem of the list recurs. "
        f"The longest-running, first named in {esc(top['meeting_id'])}, "
        f"recurs {top['span_years']} years later in {esc(top['last_seen'])}: “{esc(short_label(top['text'], 200))}” "
        f"({cite(top['segment_id'])})." + tail
    )


def describe_items(items: pd.DataFrame, by_kind: pd.DataFrame, meeting_ids: list[str]) -> str:
    """How many items each document yields, by kind."""
    kinds = items["kind"].value_counts()
    per_meeting = by_kind.drop(columns=["kind", "total"]).sum()
    return (
        f"The {len(meeting_ids)} documents yield **{len(items)} items**: "
        + ", ".join(f"{kinds.get(k, 0)} {k}s" for k in KINDS)
        + ". By document: "
        + ", ".join(f"{esc(m)} {int(n)}" for m, n in per_meeting.items())
        + "."
    )


def describe_addressees(items: pd.DataFrame) -> str:
    """How many asks name who should act, and the most frequent addressee."""
    asked = items[items["kind"] != "challenge"]
    named = asked[asked["addressee"] != ""]
    top = named["addressee"].value_counts()
    return (
        f"{len(named)} of {len(asked)} recommendations, conclusions and proposals "
        f"({100 * len(named) / max(1, len(asked)):.0f}%) name an addressee"
        + (f"; the most frequent is {esc(top.index[0])} ({top.iloc[0]})." if len(top) else ".")
    )


def describe_themes(by_theme: pd.DataFrame, items: pd.DataFrame) -> str:
    """The most frequent themes of the items, and how many match none."""
    uncoded = int((items["theme_ids"] == "").sum())
    if len(by_theme) < 2:
        return f"{uncoded} items match no theme."
    return (
        f"The most frequent theme is *{esc(by_theme.loc[0, 'theme'])}* ({by_theme.loc[0, 'total']} items), "
        f"then *{esc(by_theme.loc[1, 'theme'])}* ({by_theme.loc[1, 'total']}). {uncoded} items match no theme."
    )


def matrix_alt(summary: pd.DataFrame, rows: pd.DataFrame, later_ids: list[str]) -> str:
    """The text alternative of the follow-through matrix: each row's verdict per later meeting."""
    parts = []
    for item in rows.itertuples(index=False):
        own = summary[summary["recommendation_id"] == item.recommendation_id]
        parts.append(
            f"{item.recommendation_id}: "
            + ", ".join(f"{m} {v}" for m, v in own[["later_meeting_id", "verdict"]].values)
        )
    return f"Matrix of {len(rows)} items by {len(later_ids)} later meetings coloured by verdict; " + "; ".join(parts)


def chains_alt(chains: pd.DataFrame, shown: list[str]) -> str:
    """The text alternative of the chains timeline."""
    parts = []
    for chain_id in shown:
        steps = chains[chains["chain_id"] == chain_id]
        parts.append(
            f"{chain_id}: "
            + " then ".join(f"{s.meeting_id} {s.verdict or 'start'}" for s in steps.itertuples(index=False))
        )
    return f"Timeline of {len(shown)} chains; " + "; ".join(parts)


def chain_steps(chains: pd.DataFrame, shown: list[str]) -> pd.DataFrame:
    """The links of the shown chains, quoted, with a link to each passage."""
    steps = chains[chains["chain_id"].isin(shown)]
    verdicts = steps["verdict"].replace("", "starting item")
    return pd.DataFrame(
        {
            "chain": steps["chain_id"],
            "meeting": steps["meeting_id"],
            "verdict": [v + (" (reviewed)" if r else "") for v, r in zip(verdicts, steps["reviewed"])],
            "text": steps["text"],
            "source": steps["segment_id"].map(cite),
        }
    ).reset_index(drop=True)


def describe_chains(chains: pd.DataFrame, shown: list[str]) -> str:
    """How many items are taken up, and the longest chain."""
    n_chains = chains["chain_id"].nunique()
    if not n_chains:
        return "No item is taken up (confidently or after review) in a later meeting."
    longest = (
        chains.groupby("chain_id", sort=False)["meeting_id"]
        .agg(["first", "last", "size"])
        .sort_values("size", ascending=False, kind="mergesort")
    )
    return (
        f"{n_chains} items are taken up in at least one later meeting; {len(shown)} chains are shown. The longest, "
        f"{esc(longest.index[0])}, runs from {esc(longest.iloc[0]['first'])} to {esc(longest.iloc[0]['last'])} over "
        f"{longest.iloc[0]['size'] - 1} later meetings."
    )
