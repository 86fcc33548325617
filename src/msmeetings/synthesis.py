"""Cross-cutting findings computed from the processed tables: the executive summary and synthesis.

Every finding is built from the tables of the chapters, so a run on another corpus, another
subset of meetings or other parameters gives a different but still true summary. A finding whose
tables are missing or empty is left out rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from msmeetings.outputs import cite, esc
from msmeetings.recommendations.followthrough import is_ask
from msmeetings.recommendations.review import reader_note
from msmeetings.tables import TableShapeError, require_columns  # noqa: F401  (re-exported for callers)

EU = "eu_member_state"


@dataclass
class Finding:
    """One sentence of the executive summary, with the segments that support it."""

    key: str
    text: str
    sources: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        """The finding with its citations."""
        links = ", ".join(cite(s) for s in self.sources)
        return self.text + (f" ({links})" if links else "")


def _num(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame


def _require(tables: dict, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """The table, or an error naming what is missing; an empty table is returned as is (no rows, no finding)."""
    return require_columns(tables, name, columns, needed_by="the synthesis")


def order_meetings(overview: pd.DataFrame, manifest: pd.DataFrame) -> list[str]:
    """Meeting ids in time order (manifest order is by start date)."""
    ids = list(manifest["meeting_id"])
    return [m for m in ids if m in set(overview["meeting_id"])]


# Passages that mention a theme without discussing it; a trend must not rest on them.
_YEAR = re.compile(r"\b(?:19|20)[0-9]{2}\b")
_ATTENDANCE = re.compile(
    r"\b(?:attended|attendees|participants attended|brought together|were represented|represented\.?$)", re.I
)
_REPORTING_VERB = re.compile(
    r"\s(?:gave|presented|explained|provided|informed|highlighted|stressed|noted|outlined|advocated|requested"
    r"|suggested)\b"
)
_SPEAKER = re.compile(r"\b(?:member|prosecutor|representative|coordinator)s?\b", re.I)
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")
# Themes whose subject is the instrument an acronym names (a JIT, an EIO): there the acronym is the discussion.
ACRONYM_THEMES = frozenset({"jits", "mla_instruments"})
DATELINE_MAX_WORDS = 12


def is_dateline(sentence: str) -> bool:
    """A short line giving a place and a date ("The Hague, 29 May 2020")."""
    return len(sentence.split()) <= DATELINE_MAX_WORDS and bool(_YEAR.search(sentence))


def is_attendance(sentence: str) -> bool:
    """A sentence listing who attended: it names participants, it does not discuss them."""
    return bool(_ATTENDANCE.search(sentence.strip()))


def strip_speaker_label(sentence: str) -> str:
    """Drop the subject that names a speaker ("A German senior prosecutor and Focus Group member gave ...").

    The label says who spoke, not what about; only the words after the reporting verb are content.
    """
    verb = _REPORTING_VERB.search(sentence)
    if verb and verb.start() < 200 and _SPEAKER.search(sentence[: verb.start()]):
        return sentence[verb.start() :]
    return sentence


def _term_in(term: str, text: str, *, acronyms_count: bool) -> bool:
    for match in re.finditer(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", text, re.I):
        if acronyms_count or not _ACRONYM.match(match.group(0)):
            return True
    return False


def substantive_codes(theme_codes: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Theme codes whose matched words occur in a sentence that discusses the theme.

    A code is dropped when its words occur only in datelines, attendance sentences, speaker labels
    or, outside the instrument themes, as a bare acronym (an organisation's initials).
    """
    codes = _require({"theme_codes": theme_codes}, "theme_codes", ("segment_id", "theme_id", "matched_terms"))
    segments = _require({"segments": segments}, "segments", ("segment_id", "kind", "parent_id", "text"))
    sentences = segments[segments["kind"] == "sentence"].groupby("parent_id")["text"].apply(list).to_dict()
    own = dict(zip(segments["segment_id"], segments["text"]))
    keep = []
    for row in codes.itertuples():
        parts = sentences.get(row.segment_id) or [own.get(row.segment_id, "")]
        content = [strip_speaker_label(t) for t in parts if not is_dateline(t) and not is_attendance(t)]
        terms = [t.strip() for t in str(row.matched_terms).split(";") if t.strip()]
        acronyms_count = row.theme_id in ACRONYM_THEMES
        keep.append(any(_term_in(term, text, acronyms_count=acronyms_count) for term in terms for text in content))
    return codes[keep].reset_index(drop=True)


# How unlikely, with no change at all, the split of a theme's passages between the halves must be
# before the report calls it a rise or a fall.
CHANGE_P_VALUE = 0.05


def clear_change(n_early: int, n_late: int, words_early: float, words_late: float) -> bool:
    """True when the split of passages between the halves is unlikely if the rate had not changed.

    With no change, each of the n passages falls in the later half with probability equal to that
    half's share of the words; the one-sided binomial tail of the observed split, in the direction
    of the change, must be below CHANGE_P_VALUE.
    """
    from scipy.stats import binomtest

    n = n_early + n_late
    if n == 0 or not words_early or not words_late:
        return False
    share = words_late / (words_early + words_late)
    rising = n_late / words_late > n_early / words_early
    tail = binomtest(n_late, n, share, alternative="greater" if rising else "less").pvalue
    return bool(tail < CHANGE_P_VALUE)


def halves(meeting_ids: list[str]) -> tuple[list[str], list[str]]:
    """The earlier and the later half of the documents in time order; the middle one of an odd number is in neither."""
    half = len(meeting_ids) // 2
    return meeting_ids[:half], meeting_ids[len(meeting_ids) - half :]


def theme_trends(
    theme_codes: pd.DataFrame,
    segments: pd.DataFrame,
    overview: pd.DataFrame,
    labels: dict[str, str],
    meeting_ids: list[str],
    *,
    min_passages: int = 3,
) -> pd.DataFrame:
    """Per theme: where it is discussed, and its pooled rate in the earlier and later documents.

    Early and late are the first and second half of the documents in time order (the middle one of
    an odd number counts in neither). Each half's rate is its passages over its words, so a
    400-word excerpt weighs as 400 words, not as a whole document. Passages are those of
    `substantive_codes`. A change resting on fewer than `min_passages` passages in both halves
    together is called "too few passages" rather than a rise or fall; a rate that moves by half or
    more but could well be chance (`clear_change`: 2 passages against 3 in a shorter half) is "no
    clear change".
    """
    codes = substantive_codes(theme_codes, segments)
    codes = codes[codes["segment_id"].str.partition(":")[0].isin(meeting_ids)]
    codes = codes.assign(meeting_id=codes["segment_id"].str.partition(":")[0])
    words = _num(_require({"corpus_overview": overview}, "corpus_overview", ("meeting_id", "n_words")), "n_words")
    words = words.set_index("meeting_id")["n_words"].reindex(meeting_ids).fillna(0)
    early, late = halves(meeting_ids)
    rows = []
    for theme_id in sorted(labels):
        here = codes[codes["theme_id"] == theme_id]
        per_meeting = here.groupby("meeting_id").size()
        present = [m for m in meeting_ids if per_meeting.get(m, 0) > 0]
        n_early = int(sum(per_meeting.get(m, 0) for m in early))
        n_late = int(sum(per_meeting.get(m, 0) for m in late))
        w_early, w_late = float(words.reindex(early).sum()), float(words.reindex(late).sum())
        early_rate = 1000 * n_early / w_early if w_early else float("nan")
        late_rate = 1000 * n_late / w_late if w_late else float("nan")
        if not present:
            trend = "not found"
        elif len(meeting_ids) < 2:
            trend = "one document only"
        elif n_early + n_late < min_passages:
            trend = "too few passages"
        elif n_early == 0:
            trend = "new"
        elif n_late == 0:
            trend = "faded"
        elif late_rate >= 1.5 * early_rate:
            trend = "rose" if clear_change(n_early, n_late, w_early, w_late) else "no clear change"
        elif late_rate <= early_rate / 1.5:
            trend = "fell" if clear_change(n_early, n_late, w_early, w_late) else "no clear change"
        else:
            trend = "steady"
        rows.append(
            {
                "theme_id": theme_id,
                "theme": labels.get(theme_id, theme_id),
                "first_meeting": present[0] if present else "",
                "n_meetings": len(present),
                "early_passages": n_early,
                "late_passages": n_late,
                "early_per_1000_words": round(early_rate, 2),
                "late_per_1000_words": round(late_rate, 2),
                "trend": trend,
            }
        )
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    table["change"] = table["late_per_1000_words"] - table["early_per_1000_words"]
    return (
        table.sort_values(["change", "theme_id"], ascending=[False, True]).drop(columns="change").reset_index(drop=True)
    )


def halves_dominated(overview: pd.DataFrame, meeting_ids: list[str], *, share: float = 0.75) -> str:
    """A caveat when one document holds most of a half's words: the trend then compares single documents."""
    words = _num(_require({"corpus_overview": overview}, "corpus_overview", ("meeting_id", "n_words")), "n_words")
    words = words.set_index("meeting_id")["n_words"].reindex(meeting_ids).fillna(0)
    parts = []
    for name, ids in zip(("earlier", "later"), halves(meeting_ids)):
        total = float(words.reindex(ids).sum())
        if len(ids) > 1 and total:
            top = words.reindex(ids).idxmax()
            if words[top] / total >= share:
                parts.append(f"{esc(top)} holds {words[top] / total:.0%} of the {name} half's words")
    if not parts:
        return ""
    text = "; ".join(parts)
    return (
        text[:1].upper() + text[1:] + ", so these trends mostly compare those documents, and a theme that a short "
        "document discusses often weighs little in them."
    )


def first_passage(theme_codes: pd.DataFrame, theme_id: str, meeting_id: str) -> str | None:
    """The first coded segment of a theme in a meeting, for a citation."""
    hits = theme_codes[(theme_codes["theme_id"] == theme_id) & (theme_codes["meeting_id"] == meeting_id)]
    return None if hits.empty else sorted(hits["segment_id"])[0]


def find_corpus_finding(overview: pd.DataFrame, meeting_ids: list[str]) -> Finding | None:
    """How many documents, over which years, and how unlike each other they are."""
    frame = _num(_require({"o": overview}, "o", ("meeting_id", "n_words", "document_type")), "n_words")
    frame = frame.set_index("meeting_id").reindex(meeting_ids).dropna(subset=["n_words"])
    if frame.empty:
        return None
    longest, shortest = frame["n_words"].idxmax(), frame["n_words"].idxmin()
    years = sorted({m[:4] for m in frame.index})
    kinds = frame["document_type"].nunique()
    return Finding(
        "corpus",
        f"**{len(frame)} documents of {kinds} kinds, {years[0]}–{years[-1]}.** They range from "
        f"{int(frame.loc[shortest, 'n_words']):,} words ({esc(shortest)}) to {int(frame.loc[longest, 'n_words']):,} "
        f"({esc(longest)}), so theme comparisons are per 1,000 words of each half of the documents taken together, "
        "and differences between a press release and an outcome report are partly differences of genre.",
    )


def find_theme_findings(tables: dict, labels: dict[str, str], meeting_ids: list[str]) -> list[Finding]:
    """The theme that rose most and the one that receded most, between the earlier and later documents."""
    codes = _require(tables, "theme_codes", ("segment_id", "meeting_id", "theme_id", "matched_terms"))
    trends = theme_trends(codes, tables["segments"], tables["corpus_overview"], labels, meeting_ids)
    if len(meeting_ids) < 2 or trends.empty:
        return []
    kept = substantive_codes(codes, tables["segments"])
    findings = []
    rising = trends[trends["trend"].isin(["rose", "new"])]
    if not rising.empty:
        top = rising.iloc[0]
        source = first_passage(kept, top["theme_id"], meeting_ids[-1])
        findings.append(
            Finding(
                "rising_theme",
                f"**{esc(top['theme'])} rose the most**: {top['early_passages']} passages in the earlier documents "
                f"({top['early_per_1000_words']:.1f} per 1,000 words) against {top['late_passages']} in the later "
                f"ones ({top['late_per_1000_words']:.1f}; each item of a list counts as a passage)"
                + (f"; {len(rising) - 1} other themes also rose or appeared." if len(rising) > 1 else "."),
                [source] if source else [],
            )
        )
    fading = trends[trends["trend"].isin(["fell", "faded"])].sort_values(["late_per_1000_words", "theme_id"])
    if not fading.empty:
        top = fading.iloc[0]
        source = first_passage(kept, top["theme_id"], top["first_meeting"])
        findings.append(
            Finding(
                "fading_theme",
                f"**{esc(top['theme'])} receded**: {top['early_passages']} passages earlier "
                f"({top['early_per_1000_words']:.1f} per 1,000 words), {top['late_passages']} later "
                f"({top['late_per_1000_words']:.1f}).",
                [source] if source else [],
            )
        )
    return findings


def find_figure_finding(tables: dict) -> Finding | None:
    """The largest enforcement figure reported, with who reported it and for when."""
    quantities = _require(
        tables, "quantities", ("quantity_id", "category", "value", "unit", "value_text", "counted", "segment_id")
    )
    quantities = _num(quantities, "value")
    enforcement = quantities[(quantities["category"] == "enforcement") & (quantities["unit"] == "count")]
    if enforcement.empty:
        return None
    top = enforcement.sort_values(["value", "quantity_id"], ascending=[False, True]).iloc[0]
    who = f", reported by {esc(top['actor'])}" if str(top.get("actor", "")) else ""
    when = f" for {esc(top['reference_period'])}" if str(top.get("reference_period", "")) else ""
    return Finding(
        "top_figure",
        f"**{len(quantities)} figures are stated across the documents, {len(enforcement)} of them enforcement "
        f"results.** The largest is {esc(top['value_text'])} {esc(top['counted'])}{who}{when}; figures come from "
        "different bodies and periods and are not added up.",
        [top["segment_id"].split(".")[0]],
    )


# The headers a reader sees for participant_shares (its columns are not a catalogue table).
PARTICIPANT_SHARE_LABELS = {
    "meeting_id": "Meeting",
    "n_countries_took_part": "Countries named as taking part",
    "n_outside_eu": "Of them outside the EU",
    "outside_eu": "Outside the EU",
    "groups_took_part": "Groups named as taking part, members not listed",
}


def participant_shares(actors: pd.DataFrame, meeting_ids: list[str]) -> pd.DataFrame:
    """Per document: countries named as taking part, and how many of them are outside the EU.

    Countries only talked about (a route, a country "difficult to cooperate with") are not
    participation and are not counted. Groups named as taking part without their members ("attended
    by practitioners from the EU Member States") are listed as written, since the count leaves
    their members out.
    """
    actors = _require({"a": actors}, "a", ("actor_type", "iso3", "region", "meeting_id", "segment_id", "role"))
    took_part = actors[(actors["actor_type"] == "country") & (actors["iso3"] != "") & (actors["role"] == "participant")]
    groups = actors[(actors["actor_type"] == "group") & (actors["role"] == "participant")]
    if "name_as_written" not in groups.columns:
        groups = groups.iloc[0:0].assign(name_as_written="")
    rows = []
    for meeting_id in meeting_ids:
        distinct = took_part[took_part["meeting_id"] == meeting_id].sort_values("segment_id").drop_duplicates("iso3")
        outside = distinct[distinct["region"] != EU]
        named_groups = groups[groups["meeting_id"] == meeting_id].sort_values("segment_id")
        rows.append(
            {
                "meeting_id": meeting_id,
                "n_countries_took_part": len(distinct),
                "n_outside_eu": len(outside),
                "outside_eu": ", ".join(sorted(outside["iso3"])),
                "groups_took_part": "; ".join(dict.fromkeys(named_groups["name_as_written"].astype(str))),
                "first_segment": distinct["segment_id"].iloc[0] if len(distinct) else "",
            }
        )
    return pd.DataFrame(rows)


def find_actor_finding(tables: dict, meeting_ids: list[str]) -> Finding | None:
    """Countries named as taking part at each end of the period, and how many are outside the EU."""
    if len(meeting_ids) < 2:
        return None
    shares = participant_shares(_require(tables, "actors", ("role",)), meeting_ids).set_index("meeting_id")
    first_id, last_id = meeting_ids[0], meeting_ids[-1]
    first, last = shares.loc[first_id], shares.loc[last_id]
    if first["n_countries_took_part"] == 0 or last["n_countries_took_part"] == 0:
        return None
    return Finding(
        "countries",
        f"**Countries named as taking part:** {esc(first_id)} names {first['n_countries_took_part']}, "
        f"{first['n_outside_eu']} of them outside the EU; {esc(last_id)} names {last['n_countries_took_part']}, "
        f"{last['n_outside_eu']} outside the EU. Documents name participants unevenly: some give only groups "
        "('Western Balkan countries', 'South Partner Countries') or totals, which these counts leave out, so they "
        "do not measure attendance, least of all from outside the EU.",
        [s for s in (first["first_segment"], last["first_segment"]) if s],
    )


def deciding_rows(followthrough: pd.DataFrame) -> pd.DataFrame:
    """The one row per recommendation and later document that carries the verdict (others are runners-up)."""
    follow = _require({"f": followthrough}, "f", ("decides",))
    return follow[follow["decides"].astype(str).str.lower() == "true"]


def items_with_a_later_document(recs: pd.DataFrame, meeting_ids: list[str]) -> pd.DataFrame:
    """Items that some later document in this run could take up: the last document's items cannot recur."""
    later_than = {m: meeting_ids[i + 1 :] for i, m in enumerate(meeting_ids)}
    return recs[[bool(later_than.get(m)) for m in recs["meeting_id"]]]


def trusted(follow: pd.DataFrame) -> pd.DataFrame:
    """The verdicts the summary and synthesis count: checked by a reader, or machine verdicts of high confidence."""
    reviewed = follow["reviewed"].astype(str).str.lower() == "true"
    confident = follow["confidence"] == "high" if "confidence" in follow.columns else False
    return follow[reviewed | confident]


def _in_part(checked: pd.DataFrame) -> str:
    """The clause saying how many done verdicts a reviewer's note qualifies as "in part", or ""."""
    notes = checked.drop_duplicates("recommendation_id").get("review_note", pd.Series(dtype=str)).astype(str)
    partial = int(notes.str.contains(r"\bin part\b", case=False).sum())
    return f" ({partial} of them only in part)" if partial else ""


def find_followthrough_findings(tables: dict, meeting_ids: list[str]) -> list[Finding]:
    """Calls a later document reports done (reader-checked verdicts only), and challenges raised again."""
    follow = deciding_rows(
        _require(tables, "followthrough", ("recommendation_id", "later_meeting_id", "verdict", "reviewed"))
    )
    recs = _require(tables, "recommendations", ("recommendation_id", "meeting_id", "kind", "segment_id", "text"))
    recs = items_with_a_later_document(recs[recs["meeting_id"].isin(meeting_ids)], meeting_ids)
    follow = follow[follow["later_meeting_id"].isin(meeting_ids)]
    findings = []
    # Only items that ask for something can be done; a conclusion that records a view cannot.
    calls = recs[[is_ask(k, t) for k, t in zip(recs["kind"], recs["text"])]]
    done = trusted(
        follow[(follow["verdict"] == "implemented") & follow["recommendation_id"].isin(calls["recommendation_id"])]
    )
    checked = done[done["reviewed"].astype(str).str.lower() == "true"]
    unchecked = done["recommendation_id"].nunique() - checked["recommendation_id"].nunique()
    if len(calls) and len(done):
        findings.append(
            Finding(
                "implemented",
                f"**{checked['recommendation_id'].nunique()} of the {len(calls)} items that ask for action or "
                "announce a plan in documents that have a later document are reported done in a later document, by "
                f"verdicts a reader checked**{_in_part(checked)}; "
                f"the automatic matching proposes {unchecked} more with high confidence, unchecked (chapter "
                "*Recommendations and their follow-through*). A later document that does not mention an item is no "
                "evidence that it was not done.",
            )
        )
    challenges = recs[recs["kind"] == "challenge"]
    recurring = trusted(
        follow[(follow["verdict"] == "recurring") & follow["recommendation_id"].isin(challenges["recommendation_id"])]
    )
    if len(challenges) and len(recurring):
        confirmed = recurring[recurring["reviewed"].astype(str).str.lower() == "true"]["recommendation_id"].nunique()
        findings.append(
            Finding(
                "recurring",
                f"**{confirmed} of the {len(challenges)} challenges found in documents that have a later document "
                "come up again in a later one, by verdicts a reader checked**; the automatic matching proposes "
                f"{recurring['recommendation_id'].nunique() - confirmed} more with high confidence, unchecked. A "
                "challenge that lists several problems counts when one of them comes back, which does not mean that "
                "every problem of the list recurs.",
            )
        )
    return findings


def summarise_findings(
    tables: dict, manifest: pd.DataFrame, labels: dict[str, str], *, limit: int = 8
) -> list[Finding]:
    """Computed findings across the chapters, each computed and cited (the synthesis chapter shows them)."""
    overview = _require(tables, "corpus_overview", ("meeting_id", "n_words"))
    meeting_ids = order_meetings(overview, manifest)
    candidates = [
        find_corpus_finding(overview, meeting_ids),
        *find_theme_findings(tables, labels, meeting_ids),
        find_actor_finding(tables, meeting_ids),
        *find_followthrough_findings(tables, meeting_ids),
    ]
    return [f for f in candidates if f is not None][:limit]


def scope_sentence(manifest: pd.DataFrame, all_meetings: int) -> str:
    """Say which documents this run covers when that is not simply all of them, in English.

    A variant report states its subset; a corpus with documents not in English says they are left
    out of the text analyses. Otherwise there is nothing to say and the sentence is empty.
    """
    ids = ", ".join(esc(m) for m in manifest["meeting_id"])
    other = manifest[manifest["language"] != "en"] if "language" in manifest.columns else manifest.iloc[0:0]
    if len(manifest) < all_meetings:
        sentence = (
            f"These findings cover a subset of {len(manifest)} of the {all_meetings} documents in the corpus: {ids}."
        )
    elif len(other):
        sentence = f"These findings cover all {len(manifest)} documents in the corpus: {ids}."
    else:
        return ""
    if len(other):
        verb = "is" if len(other) == 1 else "are"
        sentence += (
            f" {len(other)} of them ({', '.join(esc(m) for m in other['meeting_id'])}) {verb} not in English and "
            f"{verb} left out of the themes, figures, actors and recommendations."
        )
    return sentence


def read_theme_labels(codebook_path: Path) -> dict[str, str]:
    """Theme id to label, from the codebook."""
    from msmeetings.themes import load_codebook

    return {theme.id: theme.label for theme in load_codebook(codebook_path)}


def summarise_validation(tables: dict) -> pd.DataFrame:
    """One row per extractor and sample: what was checked against hand-made gold data, and the scores."""
    rows = []
    overall = _require(tables, "theme_validation", ("sample", "theme_id", "n_judged", "precision", "recall"))
    if len(overall):
        overall = overall[overall["theme_id"] == "all themes"]
        notes = {
            "random": "passages drawn at random after the codebook was frozen: the honest estimate",
            "purposive": "passages chosen while writing the codebook: optimistic",
            "all": "both samples together",
        }
        for row in overall.itertuples():
            rows.append(
                {
                    "extractor": "themes (segment x theme judgements)",
                    "sample": notes.get(row.sample, row.sample),
                    "n_checked": row.n_judged,
                    "precision": row.precision,
                    "recall": row.recall,
                }
            )
    total = _require(tables, "quantity_validation", ("meeting_id", "n_gold", "precision", "recall"))
    if len(total):
        total = total[total["meeting_id"] == "all"]
        for row in total.itertuples():
            rows.append(
                {
                    "extractor": "figures (every quantity stated)",
                    "sample": "gold list of every figure in the documents",
                    "n_checked": row.n_gold,
                    "precision": row.precision,
                    "recall": row.recall,
                }
            )
    total = _require(tables, "actor_validation", ("level", "actor_type", "n_gold", "precision", "recall"))
    if len(total):
        total = total[total["actor_type"] == "all"]
        for row in total.itertuples():
            what = "actors named" if row.level == "detection" else "role (took part or discussed)"
            rows.append(
                {
                    "extractor": f"actors: {what}",
                    "sample": "gold list of actors per document",
                    "n_checked": row.n_gold,
                    "precision": row.precision,
                    "recall": row.recall,
                }
            )
    table = pd.DataFrame(rows, columns=["extractor", "sample", "n_checked", "precision", "recall"])
    for column in ("precision", "recall"):
        table[column] = pd.to_numeric(table[column], errors="coerce").round(2)
    return table


def list_limitations(tables: dict, manifest: pd.DataFrame, *, short_words: int = 1000) -> list[str]:
    """What the corpus cannot tell, computed from this run's tables (Markdown bullets)."""
    notes = []
    kinds = manifest["document_type"].value_counts().sort_index()
    notes.append(
        f"The {len(manifest)} documents are of {len(kinds)} kinds ("
        + ", ".join(f"{n} {esc(k)}" for k, n in kinds.items())
        + "). An outcome report records a discussion; a press release announces; an annual-report excerpt "
        "summarises. A theme or figure missing from a short document may simply not fit its genre."
    )
    overview = _require(tables, "corpus_overview", ("meeting_id", "n_words"))
    if len(overview):
        words = _num(overview[overview["meeting_id"].isin(manifest["meeting_id"])], "n_words")
        short = words[words["n_words"] < short_words]
        if not short.empty:
            notes.append(
                f"{len(short)} documents have fewer than {short_words:,} words of running text ("
                + ", ".join(f"{esc(r.meeting_id)}: {int(r.n_words)}" for r in short.itertuples())
                + "); rates per 1,000 words for them move a lot with a single passage."
            )
    quantities = _require(tables, "quantities", ("actor", "reference_period"))
    if len(quantities):
        bodies = sorted({a for a in quantities["actor"] if a})
        periods = quantities["reference_period"].replace("", pd.NA).dropna()
        notes.append(
            f"The {len(quantities)} figures come from {len(bodies)} reporting bodies and refer to "
            f"{periods.nunique()} different periods ({len(quantities) - len(periods)} state no period): they "
            "measure different things and are never summed or compared as a series."
        )
    random_row = _require(tables, "theme_validation", ("sample", "theme_id", "precision", "recall", "n_present"))
    if len(random_row):
        random_row = random_row[(random_row["sample"] == "random") & (random_row["theme_id"] == "all themes")]
        if not random_row.empty:
            r = random_row.iloc[0]
            notes.append(
                "Theme coding matches keywords: on passages drawn at random its precision is "
                f"{float(r['precision']):.2f} "
                f"and recall {float(r['recall']):.2f} ({r['n_present']} positive judgements), lower than on the "
                "passages used to write the codebook. It cannot tell a list of participants from a discussion."
            )
    notes.append(
        "Participation is counted as the documents state it; a document that names no participants does not mean "
        "nobody attended. Follow-through is inferred from later documents in this corpus only: a recommendation "
        "implemented but not reported in them counts as not found."
    )
    return notes


def theme_trends_finding(trends: pd.DataFrame) -> str:
    """The trend chart's title: the theme that rose most and the one that fell most, in rates per 1,000 words."""
    if trends.empty:
        return "No theme to compare between earlier and later documents"
    change = trends["late_per_1000_words"] - trends["early_per_1000_words"]
    frame = trends.assign(_change=change).dropna(subset=["_change"])
    if frame.empty:
        return "No theme to compare between earlier and later documents"
    # Only a change theme_trends calls a rise or a fall can head the chart (not "no clear change").
    rising, falling = frame[frame["trend"].isin(["rose", "new"])], frame[frame["trend"].isin(["fell", "faded"])]
    up = rising.sort_values(["_change", "theme"], ascending=[False, True]).iloc[0] if len(rising) else None
    down = falling.sort_values(["_change", "theme"], ascending=[True, True]).iloc[0] if len(falling) else None
    parts = []
    if up is not None and up["_change"] > 0:
        parts.append(
            f"{up['theme']} rose most ({up['early_per_1000_words']:.1f} to {up['late_per_1000_words']:.1f} "
            "passages per 1,000 words)"
        )
    if down is not None and down["_change"] < 0:
        early, late = down["early_per_1000_words"], down["late_per_1000_words"]
        # A larger drop that could be chance must not look like the lesser one's: say which falls are clear.
        bigger = frame[(frame["_change"] < down["_change"]) & ~frame["trend"].isin(["fell", "faded"])]
        if len(falling) == 1:
            text = f"the only clear fall is {down['theme']} ({early:.1f} to {late:.1f})"
        else:
            text = f"of the clear falls, {down['theme']} fell most ({early:.1f} to {late:.1f})"
        if len(bigger):
            text += f"; {len(bigger)} larger drop{'s' if len(bigger) > 1 else ''} could be chance"
        parts.append(text)
    return "; ".join(parts) if parts else "No theme changed between earlier and later documents"


def plot_theme_trends(trends: pd.DataFrame):
    """Dumbbell chart: each theme's rate per 1,000 words in the earlier and the later documents."""
    from msmeetings import chartkit, palette

    data = trends.reset_index(drop=True)
    labels = [chartkit.wrap(t, 40) for t in data["theme"]]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, axes = chartkit.new_figure(0.17 * lines + 0.1 * len(labels) + 1.0)
    ax = axes[0, 0]
    y = list(range(len(data)))
    for yi, row in zip(y, data.itertuples()):
        rates = [row.early_per_1000_words, row.late_per_1000_words]
        ax.plot(rates, [yi, yi], color=palette.LIGHT_GREY, linewidth=2, zorder=1)
    early, late = data["early_per_1000_words"], data["late_per_1000_words"]
    ax.scatter(early, y, color=palette.PERIODS["earlier"], label="earlier documents", zorder=2, s=26)
    ax.scatter(late, y, color=palette.PERIODS["later"], marker="D", label="later documents", zorder=3, s=26)
    ax.set_yticks(y, labels)
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlabel("Passages per 1,000 words")
    ax.grid(axis="x", color=palette.GRID)
    chartkit.style_axes(ax)
    fig.legend(loc="outside lower center", ncol=2, fontsize=chartkit.FONT_PT, frameon=False)
    return fig


def list_implemented(tables: dict) -> pd.DataFrame:
    """Recommendations a later document reports as done, with both passages cited and the reader's note.

    Each item once, at the first later document that reports it done: a later one that mentions the
    same result again is not a second fulfilment.
    """
    follow = deciding_rows(
        _require(
            tables, "followthrough", ("recommendation_id", "later_meeting_id", "verdict", "segment_id", "reviewed")
        )
    )
    recs = _require(tables, "recommendations", ("recommendation_id", "text", "segment_id"))
    recs = recs.set_index("recommendation_id")
    done = trusted(follow[follow["verdict"] == "implemented"]).sort_values(["recommendation_id", "later_meeting_id"])
    done = done.drop_duplicates(["recommendation_id"])
    rows = []
    for row in done.itertuples():
        if row.recommendation_id not in recs.index:
            continue
        rec = recs.loc[row.recommendation_id]
        rows.append(
            {
                "recommendation": rec["text"],
                "source": cite(rec["segment_id"]),
                "evidence": cite(row.segment_id),
                "review_note": reader_note(getattr(row, "review_note", ""))
                if str(getattr(row, "reviewed", "")).lower() == "true"
                else "not checked by a reader (high confidence)",
            }
        )
    return pd.DataFrame(rows, columns=["recommendation", "source", "evidence", "review_note"])


def describe_documents(manifest: pd.DataFrame) -> str:
    """What the documents are: genre, year and organiser of each, from the manifest."""
    manifest = _require({"m": manifest}, "m", ("meeting_id", "document_type", "organiser", "start_date"))
    parts = []
    for row in manifest.itertuples():
        organiser = esc(row.organiser) if str(row.organiser).strip() else "organiser not named"
        parts.append(f"{str(row.start_date)[:4]} {esc(row.document_type)} ({organiser})")
    kinds = manifest["document_type"].nunique()
    if kinds == 1:
        return f"{len(manifest)} documents of one kind: " + "; ".join(parts) + "."
    return f"{len(manifest)} documents of {kinds} kinds, not comparable meeting reports: " + "; ".join(parts) + "."


def findings_markdown(evaluation, *, heading_level: int = 3, in_summary: bool | None = None) -> str:
    """The supported written findings, grouped by section, each with links to its evidence."""
    from msmeetings.findings import SECTIONS

    blocks = []
    for section, items in evaluation.by_section(in_summary=in_summary).items():
        if not items:
            continue
        blocks.append("#" * heading_level + " " + SECTIONS[section])
        blocks.append("\n".join(f"- {finding.markdown()}" for finding in items))
    return "\n\n".join(blocks) if blocks else "No written finding is supported by this run's tables."


def unsupported_markdown(evaluation) -> str:
    """Findings left out: failed checks with their reasons, then those outside the subset."""
    lines = [
        f"- *{esc(f.statement[:120])}…* ({esc(f.id)}): " + "; ".join(esc(p) for p in problems)
        for f, problems in evaluation.unsupported
    ]
    lines += [f"- {esc(f.id)}: out of scope for this subset of documents." for f in evaluation.out_of_scope]
    return "\n".join(lines) if lines else "Every written finding is supported by this run's tables."
