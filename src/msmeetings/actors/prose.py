"""The sentences chapter 4 writes around its tables and charts, built from their numbers.

Each function returns Markdown (or plain alt text); text that comes from a document is escaped
with ``esc`` before it reaches the page.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from msmeetings.actors.charts import label_node
from msmeetings.actors.gazetteers import TOOK_PART_ROLES, Gazetteers
from msmeetings.outputs import cite, esc


def describe_countries_chart(by_region: pd.DataFrame, meeting_ids: list[str]) -> str:
    """Alt text of the countries-by-region chart: per meeting, countries taking part and the rest."""
    took_part = by_region["role"].isin(TOOK_PART_ROLES)
    part = by_region[took_part].groupby("meeting_id")["n_countries"].sum()
    rest = by_region[~took_part].groupby("meeting_id")["n_countries"].sum()
    return "Two stacked bar charts of distinct countries per meeting by region. " + "; ".join(
        f"{m}: {int(part.get(m, 0))} taking part, {int(rest.get(m, 0))} only talked about"
        for m in meeting_ids
        if m in part.index
    )


def describe_non_eu_shares(non_eu: pd.DataFrame, meeting_ids: list[str]) -> str:
    """How much of each document's geography lies outside the EU, among all countries and among participants."""
    named = non_eu[non_eu["n_countries"] > 0]
    silent = [m for m in meeting_ids if m not in set(named["meeting_id"])]
    shares = "; ".join(f"{esc(r.meeting_id)}: {r.non_eu_share_pct:.0f}% of {r.n_countries}" for r in named.itertuples())
    took_part = "; ".join(
        f"{esc(r.meeting_id)}: {r.n_participant_non_eu} of {r.n_participant_countries} non-EU"
        for r in non_eu.itertuples()
        if r.n_participant_countries
    )
    return (
        (
            f"Share of non-EU countries among the countries each document names, in time order: {shares}. "
            if len(named)
            else "No selected document names a country. "
        )
        + (f"{', '.join(esc(m) for m in silent)}: no country named. " if silent and len(named) else "")
        + (
            "Among the countries said to take part (observers included), which depends on how each document "
            f"reports attendance: {took_part}. "
            if took_part
            else ""
        )
        + "Groups of countries (listed below) are not counted here: a group named as taking part does not say which "
        "of its countries came."
    )


def describe_organisation_chart(shown: pd.DataFrame, matrix: pd.DataFrame, meeting_ids: list[str]) -> str:
    """Alt text of the organisation timeline."""
    in_all = matrix[matrix[meeting_ids].ne("").all(axis=1)]
    return f"Dot chart of {len(shown)} organisations (rows) by meeting (columns), filled where the body took part. " + (
        f"Named in every document: {', '.join(in_all['label'])}."
        if len(in_all) and len(meeting_ids) > 1
        else "No organisation is named in every document."
    )


def describe_organisations(matrix: pd.DataFrame, meeting_ids: list[str], words: Mapping[str, int]) -> str:
    """How many organisations the documents name, how many only once, and per document against its length."""
    in_all = matrix[matrix[meeting_ids].ne("").all(axis=1)]
    once = int((matrix[meeting_ids].ne("").sum(axis=1) == 1).sum())
    per_meeting = matrix[meeting_ids].ne("").sum().astype(int)
    every = (
        f"Named in every document: {', '.join(esc(x) for x in in_all['label'])}. " if len(in_all) else ""
    ) or "None is named in every document. "
    return (
        f"The documents name {len(matrix)} organisations in all; {once} of them appear in one document only. "
        + (every if len(meeting_ids) > 1 else "")
        + "Organisations named per document, with its length: "
        + "; ".join(f"{esc(m)}: {per_meeting[m]} in {int(words.get(m, 0)):,} words" for m in meeting_ids)
        + ". How many bodies a document names depends on its kind and length as much as on the meeting."
    )


def describe_stated_participation(stated: pd.DataFrame) -> str:
    """Numbers of participants the documents state, against the participants they name."""
    numbers = stated[stated["stated_countries"].notna() | stated["stated_organisations"].notna()]
    sentences = []
    for r in numbers.itertuples():
        countries = f"{r.stated_countries:.0f} countries" if pd.notna(r.stated_countries) else "no number of countries"
        bodies = (
            f"{r.stated_organisations:.0f} international organisations"
            if pd.notna(r.stated_organisations)
            else "no number of organisations"
        )
        sentences.append(
            f"{esc(r.meeting_id)} states {countries} and {bodies}, and names {r.counted_countries} countries and "
            f"{r.counted_organisations} organisations as taking part ({cite(r.segment_ids.split(';')[0])})."
        )
    return " ".join(
        [
            *sentences,
            f"{len(stated) - len(numbers)} of {len(stated)} documents give no number of participants; for them, the "
            "count of named participants is all there is, and it is a lower bound: reports name the bodies that "
            "presented, not everyone in the room.",
        ]
    )


def describe_network(drawn: list[str], strongest: pd.DataFrame, labels: Mapping[tuple[str, str], str]) -> str:
    """Alt text of the co-mention network: its size and strongest links."""
    return f"Circular network of {len(drawn)} actors. Strongest links: " + "; ".join(
        f"{label_node(r.source, labels)} and {label_node(r.target, labels)} ({r.weight} paragraphs)"
        for r in strongest.itertuples()
    )


def label_network_pairs(strongest: pd.DataFrame, labels: Mapping[tuple[str, str], str]) -> pd.DataFrame:
    """The strongest pairs as a table for readers: actor names instead of node ids."""
    return strongest.assign(
        source=[label_node(n, labels) for n in strongest["source"]],
        target=[label_node(n, labels) for n in strongest["target"]],
    ).rename(columns={"source": "actor", "target": "named with", "weight": "paragraphs", "n_meetings": "documents"})


def describe_person(person: object, text_of: Mapping[str, str]) -> str:
    """One named person: name, role as written, meeting and the quoted passages, each cited."""
    quote_ids = [s for s in person.quote_segment_ids.split(";") if s]
    quote = "".join(f"> {esc(text_of[s])} ({cite(s)})\n>\n" for s in quote_ids)
    role = f", {esc(person.role_as_written)}" if person.role_as_written else ""
    return f"**{esc(person.person)}**{role} ({esc(person.meeting_id)}, {cite(person.segment_id)})" + (
        ":\n\n" + quote if quote else ": no words attributed."
    )


def describe_people(people: pd.DataFrame, roles: pd.DataFrame, meeting_ids: list[str]) -> str:
    """How many people are named, quoted and said to take part."""
    if people.empty:
        return "No document names a person."
    person_roles = roles[roles["actor_type"] == "person"]
    quoted = int((people["quote_segment_ids"] != "").sum())
    reported = int((people["attributed_by"] == "speech verb").sum())
    return (
        f"{people['person_id'].nunique()} people are named in {people['meeting_id'].nunique()} of {len(meeting_ids)} "
        f"documents; {quoted} of {len(people)} attributions come with a quotation, {reported} of them reported "
        "speech in the account of a meeting. "
        f"People the documents say took part: {int(person_roles['role'].isin(TOOK_PART_ROLES).sum())}. A person "
        "the account reports speaking took part; a quotation set under a name and title, as press releases do, "
        "does not by itself say so."
    )


def describe_gazetteers(gazetteers: Gazetteers) -> str:
    """The size of the alias tables."""
    countries = gazetteers.countries
    return (
        f"The alias tables hold {int((countries['actor_type'] == 'country').sum())} countries and territories "
        f"(every ISO 3166 code, with our aliases and adjectives), {int((countries['actor_type'] == 'group').sum())} "
        f"groups of countries and {len(gazetteers.organisations)} organisations; {len(gazetteers.aliases)} names in "
        "all."
    )


def describe_validation(scores: pd.DataFrame, errors: pd.DataFrame, scored: list[str], meeting_ids: list[str]) -> str:
    """The validation result in words, saying which meetings were scored and why the score flatters."""
    if not scored:
        return "No selected meeting has a gold list, so the extraction is not scored here."
    overall = scores.set_index(["level", "actor_type"])
    unscored = [m for m in meeting_ids if m not in scored]
    return (
        f"Scored on the {len(scored)} meetings with a gold list ({', '.join(esc(m) for m in scored)})"
        + (f"; {len(unscored)} selected meetings have none and are not scored" if unscored else "")
        + f". Over all actors, detection precision is {overall.loc[('detection', 'all'), 'precision']:.2f} and "
        f"recall {overall.loc[('detection', 'all'), 'recall']:.2f}; with roles, precision "
        f"{overall.loc[('role', 'all'), 'precision']:.2f} and recall {overall.loc[('role', 'all'), 'recall']:.2f}; "
        f"{len(errors)} disagreement(s) are listed below. The seed documents' alias tables and role cues were "
        "written from these same documents, so their scores overstate accuracy on new documents; the development "
        "corpus (data/dev, scored with python -m msmeetings.evaluate) measures rules on documents they were not "
        "written from. Scores are per distinct actor and meeting; the role of a single mention can still be wrong "
        "when the meeting-level role is right."
    )
