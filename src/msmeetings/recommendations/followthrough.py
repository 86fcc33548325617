"""Follow-through: each item against the passages of every later meeting, with a verdict read from cues."""

from __future__ import annotations

import datetime as dt
import functools
import re

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from msmeetings import tables
from msmeetings.corpus import parse_partial_date
from msmeetings.errors import InputError
from msmeetings.recommendations.extract import _last_sentence, _lead_ins, _prepare, _theme_sets
from msmeetings.recommendations.rules import _SENTENCE_STOP_RE, CUE_VERDICTS, TEXT_KINDS, cue_verdicts
from msmeetings.recommendations.similarity import SEMANTIC_HINT, SIMILARITY_MODES, _Passages, _Source, stem

SUMMARY_COLUMNS = [
    "recommendation_id",
    "later_meeting_id",
    "verdict",
    "confidence",
    "segment_id",
    "similarity",
    "cue",
    "evidence",
    "reviewed",
    "review_note",
    "via_segment_id",
]


# Precedence of cue verdicts within a passage and across the close passages of one later meeting
# (those scoring at least DECISIVE_MARGIN of the best): for a recommendation the strongest news is
# that it was done; for a challenge, that it came back.
DECISIVE_MARGIN = 0.9


PRECEDENCE = {
    "challenge": ("recurring", "implemented", "reiterated"),
    "default": ("implemented", "reiterated", "recurring"),
}


def _meeting_dates(meetings) -> dict[str, dt.date]:
    if isinstance(meetings, pd.DataFrame):
        pairs = zip(meetings["meeting_id"].astype(str), meetings["start_date"].astype(str))
    else:
        pairs = ((m.meeting_id, m.start_date) for m in meetings)
    return {mid: parse_partial_date(date, where="meetings", key=f"start_date of {mid}")[0] for mid, date in pairs}


def _choose(found: dict[str, str], kind: str) -> tuple[str, str]:
    for verdict in PRECEDENCE["challenge" if kind == "challenge" else "default"]:
        if verdict in found:
            return verdict, " ".join(found[verdict].lower().split())
    return "", ""


def trace_followthrough(
    recommendations: pd.DataFrame,
    segments: pd.DataFrame,
    meetings,
    top_k: int = 3,
    *,
    min_similarity: float = 0.12,
    similarity: str = "tfidf",
    codebook=None,
    theme_boost: float = 0.1,
    follow_links: bool = True,
) -> pd.DataFrame:
    """Find, for each item and each later meeting, the best-matching passages and a verdict.

    Scoring: TF-IDF (analyse_text: stemmed words and word pairs, English stop words removed,
    sublinear term frequency) fitted on the text blocks of the traced meetings; a block scores the
    best cosine similarity of itself or one of its sentences, plus theme_boost times the share of
    the item's themes (weighted by rarity) that the block or sentence is coded with.

    Links: with follow_links, a second pass also matches each meeting's passages against the
    evidence of the item's links found in the other meetings (the Focus Group launched in 2020
    finds its subgroup in 2023; a 2023 echo of a 2009 worry finds the 2018 passage worded like
    it). Such a match scores at most as much as the link it came through; via_segment_id names
    the link's sentence.

    Verdict: read from explicit cues in the evidence, the passage's sentence closest to what it was
    matched against (for a bullet or list item without a cue, also the last sentence of its
    lead-in). A later meeting's verdict (see summarise_followthrough) is the best-ranked passage's,
    unless a passage scoring at least DECISIVE_MARGIN of the best carries a stronger cue.

    Args:
        recommendations: from extract_recommendations.
        segments: the segments table the recommendations were extracted from.
        meetings: Meeting objects or a table with meeting_id and start_date; only these meetings
            are traced, and "later" means a later start date.
        top_k: passages kept per item and later meeting, best first.
        min_similarity: a passage scoring below this is not a match (verdict not_found).
        similarity: "tfidf" (the only mode built in).
        codebook: themes for the boost (none: no boost).
        theme_boost: weight of shared themes in the score.
        follow_links: match passages against the item's links as well as against the item.

    Returns:
        The columns of the followthrough table, one row per item, later meeting and rank, in the order of the items
        and of the later meetings' dates. verdict is each passage's own; decides is True on the one
        row per item and later meeting whose verdict is that meeting's (count pairs on it).
    """
    if similarity not in SIMILARITY_MODES:
        raise InputError(
            f"parameter similarity: '{similarity}' is not available; {SEMANTIC_HINT}. The semantic mode is an "
            "optional extra, off by default; use similarity='tfidf'."
        )
    if top_k < 1:
        raise InputError(f"parameter top_k: {top_k} must be at least 1.")
    if not 0.0 <= min_similarity <= 1.0:
        raise InputError(f"parameter min_similarity: {min_similarity} must lie between 0 and 1.")
    dates = _meeting_dates(meetings)
    blocks, sentences = _prepare(segments)
    blocks = blocks[blocks["meeting_id"].isin(dates)]
    text_blocks = blocks[blocks["kind"].isin(TEXT_KINDS)]
    recs = recommendations[recommendations["meeting_id"].isin(dates)].reset_index(drop=True)
    if recs.empty or text_blocks.empty:
        return _typed(pd.DataFrame([], columns=tables.column_names("followthrough")))

    passages = _Passages(text_blocks, sentences, codebook, theme_boost, recs["text"].tolist())
    context = {
        "passages": passages,
        "sentences": sentences,
        "leads": _lead_ins(blocks),
        "block_text": dict(zip(blocks["segment_id"], blocks["text"])),
        "top_k": top_k,
        "min_similarity": min_similarity,
        "dates": dates,
        "section_of": dict(zip(blocks["segment_id"], blocks["section_title"])),
    }
    item_vectors = passages.term_frequencies(recs["text"].tolist())
    item_themes = _theme_sets(recs["recommendation_id"].tolist(), recs["text"].tolist(), codebook)
    rows: list[dict] = []
    for i, rec in enumerate(recs.itertuples(index=False)):
        origin = dates[rec.meeting_id]
        later = [m for _, m in sorted((d, m) for m, d in dates.items() if d > origin) if m in passages.by_meeting]
        item = passages.source("", rec.meeting_id, item_vectors[i], item_themes[rec.recommendation_id], 1.0)
        # Pass 1: forward in time, each link found becomes a source for the meetings after it.
        links: list[_Source] = []
        first: dict[str, list[dict]] = {}
        for meeting_id in later:
            first[meeting_id] = _match(rec, meeting_id, [item] + _strongest(links, meeting_id), context)
            if follow_links:
                links.extend(_links(first[meeting_id], rec.kind, passages, meeting_id))
        # Pass 2: every meeting against the item and the links found in all other meetings.
        for meeting_id in later:
            if follow_links and any(link.meeting_id != meeting_id for link in links):
                sources = [item] + _strongest(links, meeting_id)
                pair_rows = _match(rec, meeting_id, sources, context)
            else:
                pair_rows = first[meeting_id]
            _decisive(pair_rows, rec.kind)["decides"] = True
            rows.extend(pair_rows)
    columns = tables.column_names("followthrough")
    table = pd.DataFrame(rows, columns=columns + ["_evidence_id"])
    return _typed(table[columns])


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    """Fix the dtypes that an empty table would otherwise lose (bool masks must stay bool)."""
    table = table.copy()
    if "reviewed" in table:
        table["reviewed"] = table["reviewed"].astype(bool)
    if "similarity" in table:
        table["similarity"] = table["similarity"].astype(float)
    if "rank" in table:
        table["rank"] = table["rank"].astype(int)
    if "decides" in table:
        table["decides"] = table["decides"].astype(bool)
    return table


# Words of the field that every document shares: they say nothing about which ask a passage answers.
GENERIC_STEMS = frozenset(
    stem(w)
    for w in (
        "migrant migration smuggling smuggler smuggled eurojust europol cooperation judicial member members states "
        "state practitioners meeting meetings case cases national authorities eu european crime criminal "
        "participants countries country international further particular relevant including order also important "
        "need use work support year years new"
    ).split()
)
_WORD_RE = re.compile(r"[a-z]+")


# Kinds of thing an item asks for, named differently when reported done: "an informal network of
# practitioners" is answered by "the Focus Group ... has been launched", a cooperation agreement by a
# "working arrangement".
OBJECT_CLASSES = {
    stem(w): cls
    for cls, words in {
        "~body": "network networks group groups subgroup platform forum community",
        "~agreement": "agreement agreements arrangement arrangements memorandum understanding",
        "~guide": "guide guidelines handbook manual toolkit checklist",
        "~training": "training trainings workshop workshops course courses seminar",
    }.items()
    for w in words.split()
}


@functools.lru_cache(maxsize=65536)
def object_terms(text: str) -> frozenset[str]:
    """Stemmed content words of a text that can name what an item is about (not the field's common words).

    Words of one kind of thing (OBJECT_CLASSES) are also represented by their class.
    """
    words = _WORD_RE.findall(text.lower())
    stems = {stem(w) for w in words if len(w) > 2 and w not in ENGLISH_STOP_WORDS} - GENERIC_STEMS
    return frozenset(stems | {OBJECT_CLASSES[t] for t in stems if t in OBJECT_CLASSES})


def shared_object(item_text: str, evidence: str) -> list[str]:
    """The specific words (stems) an item and a later passage share, sorted; [] when only the field's words."""
    return sorted(object_terms(item_text) & object_terms(evidence))


_CLAUSE_BREAK_RE = re.compile(r"[,;()]|\s[–—-]\s|\b(?:allowing|which|where|while|whereas)\b")


def cue_clause(text: str, cue: str) -> str:
    """The clause of a text that holds a cue (between commas, semicolons, brackets or a relative word).

    A colon does not end it: "has launched a new initiative: the Focus Group" names what was launched.

    The whole text when the cue is not found.
    """
    position = text.lower().find(cue.split(" (")[0]) if cue else -1
    if position < 0:
        return text
    starts = [0] + [m.end() for m in _CLAUSE_BREAK_RE.finditer(text) if m.end() <= position]
    ends = [m.start() for m in _CLAUSE_BREAK_RE.finditer(text) if m.start() >= position + len(cue)] + [len(text)]
    return text[max(starts) : min(ends)]


# Sections that describe an organisation, not what happened since: "About the Bali Process".
_BACKGROUND_RE = re.compile(r"^\s*(?:about\b|notes?\s+(?:to|for)\s+editors|background\b)", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


def done_before(clause: str, year: int) -> bool:
    """True when a clause dates what was done to a year before the item was made ("established in 2002")."""
    years = [int(y) for y in _YEAR_RE.findall(clause)]
    return bool(years) and max(years) < year


def _confidence(verdict: str, cue: str, shared: list[str]) -> str:
    """high: a cue (in the passage or the lead-in that speaks for it) and two specific words of the item shared."""
    return "high" if verdict in CUE_VERDICTS and cue and len(shared) >= 2 else "low"


# How many of a link's best passages are read for a cue when following its thread.
FOLLOW_DEPTH = 5


def _evidence_unit(passages: _Passages, offsets: np.ndarray, low: int, high: int, k: int, scores: np.ndarray) -> int:
    """The evidence of block k: its sentence closest to the source the block was scored on."""
    first_unit, last_unit = offsets[k], (offsets[k + 1] if k + 1 < len(offsets) else high - low)
    units = [u for u in range(first_unit, last_unit) if passages.is_sentence[low + u]]
    return low + max(units, key=lambda u: (round(float(scores[u]), 12), -u))


def _match(rec, meeting_id: str, sources: list[_Source], context: dict) -> list[dict]:
    """The top_k passages of one meeting for one item, each with its evidence and verdict."""
    passages: _Passages = context["passages"]
    blocks = passages.by_meeting[meeting_id]
    low, high = passages.starts[blocks[0]], passages.end(blocks[-1])
    offsets = np.array([passages.starts[b] for b in blocks], dtype=int) - low
    n = len(blocks)
    best, raw, source_of = np.full(n, -np.inf), np.full(n, -np.inf), np.zeros(n, dtype=int)
    unit_scores, followed = [], []
    for s, source in enumerate(sources):
        scores = passages.scores(source, rec.meeting_id, meeting_id)
        unit_scores.append(scores)
        block_raw = np.maximum.reduceat(scores, offsets)
        capped = np.minimum(block_raw, source.cap)
        if s > 0:
            # A link's best passage that reports something (a cue), kept even outside the top_k: the
            # chain follows its thread (the Focus Group launched in 2020 leads to its 2023 subgroup).
            for k in np.argsort(-block_raw, kind="stable")[:FOLLOW_DEPTH]:
                if capped[k] < context["min_similarity"]:
                    break
                unit = _evidence_unit(passages, offsets, low, high, int(k), scores)
                if _choose(cue_verdicts(passages.unit_texts[unit]), rec.kind)[0]:
                    followed.append((int(k), s, float(capped[k])))
                    break
        # Ties go to the earlier source (the item itself first), then to the closer raw match.
        better = (capped > best + 1e-12) | ((np.abs(capped - best) <= 1e-12) & (block_raw > raw + 1e-12))
        best, raw = np.where(better, capped, best), np.where(better, block_raw, raw)
        source_of = np.where(better, s, source_of)
    order = sorted(range(n), key=lambda k: (-round(float(best[k]), 10), -round(float(raw[k]), 10), k))
    picked = [(k, int(source_of[k]), float(best[k])) for k in order[: context["top_k"]]]
    shown = {k for k, _, _ in picked}
    for k, s, score in followed:
        if k not in shown and score >= context["min_similarity"]:
            picked.append((k, s, score))
            shown.add(k)
    rows = []
    for rank, (k, s, block_score) in enumerate(picked, start=1):
        block = {"segment_id": passages.block_ids[blocks[k]], "kind": passages.block_kinds[blocks[k]]}
        unit = _evidence_unit(passages, offsets, low, high, k, unit_scores[s])
        evidence = passages.unit_texts[unit]
        score = round(block_score, 4)
        cue, verdict = "", "not_found"
        if score >= context["min_similarity"]:
            verdict, cue = _choose(cue_verdicts(evidence), rec.kind)
            leads = context["leads"]
            if not verdict and block["kind"] in ("bullet", "list_item") and block["segment_id"] in leads:
                lead_id = leads[block["segment_id"]]
                lead_text = _last_sentence(lead_id, context["block_text"].get(lead_id, ""), context["sentences"])
                # Only a true lead-in ("the WACAP representative suggested:") speaks for its items.
                if not _SENTENCE_STOP_RE.search(lead_text):
                    verdict, cue = _choose(cue_verdicts(lead_text), rec.kind)
                    cue = f"{cue} (lead-in)" if cue else ""
            link = sources[s].segment_id
            source_text = passages.unit_texts[passages.unit_row[link]] if link else rec.text
            shared = shared_object(source_text, evidence)
            if verdict == "implemented":
                # What was done is named in the cue's clause ("the recently established Focus Group
                # subgroup"); confidence then asks for two words of it shared with the item.
                clause = cue_clause(evidence, cue)
                shared = shared_object(source_text, clause)
                if done_before(clause, context["dates"][rec.meeting_id].year) or _BACKGROUND_RE.search(
                    context["section_of"].get(block["segment_id"], "")
                ):
                    shared = []
            if verdict and not shared:
                # A cue about something else: "EU4FAST was launched" does not implement a network of prosecutors.
                verdict, cue = "", ""
            verdict = verdict or "mentioned"
            confidence = _confidence(verdict, cue, shared)
        else:
            confidence = ""
        rows.append(
            {
                "recommendation_id": rec.recommendation_id,
                "later_meeting_id": meeting_id,
                "rank": rank,
                "segment_id": block["segment_id"],
                "similarity": score,
                "verdict": verdict,
                "confidence": confidence,
                "cue": cue,
                "evidence": evidence,
                "reviewed": False,
                "review_note": "",
                "auto_verdict": verdict,
                # A point "(i)" of a sentence is cited by its sentence: "/1" marks it only inside this module.
                "via_segment_id": sources[s].segment_id.split("/")[0],
                "decides": False,
                "_evidence_id": passages.unit_ids[unit],
            }
        )
    return rows


# At most this many links of an item are matched against a meeting: the cost stays proportional to
# items x later meetings however many meetings echo an item (a corpus of resampled paragraphs does).
MAX_LINKS = 4


def _strongest(links: list[_Source], meeting_id: str) -> list[_Source]:
    """The links found in other meetings that score highest against the item, earliest first on a tie."""
    others = [(k, link) for k, link in enumerate(links) if link.meeting_id != meeting_id]
    others.sort(key=lambda pair: (-pair[1].cap, pair[0]))
    return [link for _, link in sorted(others[:MAX_LINKS], key=lambda pair: pair[0])]


def _links(pair_rows: list[dict], kind: str, passages: _Passages, meeting_id: str) -> list[_Source]:
    """What a later meeting passes on to the meetings after it.

    Its deciding passage when it carries a cue, and any of its best passages that reports something
    done (a development the chain follows).
    """
    decisive = _decisive(pair_rows, kind)
    chosen = [decisive] if decisive is not None and decisive["verdict"] in CUE_VERDICTS else []
    if kind != "challenge":
        chosen += [r for r in pair_rows if r["verdict"] == "implemented" and r is not decisive]
    seen: set[str] = set()
    links = []
    for row in chosen:
        if row["_evidence_id"] not in seen:
            seen.add(row["_evidence_id"])
            links.append(passages.source_for_unit(row["_evidence_id"], meeting_id, row["similarity"]))
    return links


def _decisive(pair_rows: list[dict], kind: str) -> dict | None:
    """The passage that decides a later meeting's verdict.

    The best-ranked passage, unless a passage scoring at least DECISIVE_MARGIN of the best carries a
    stronger cue (PRECEDENCE: for a recommendation, implemented > reiterated > recurring; for a
    challenge, recurring first): a launch reported in a nearly as similar passage is the news.

    For a reviewed pair, the reviewer's verdict stands; the passage shown is the best-ranked one whose
    cues gave that verdict, else the best-ranked passage.
    """
    if not pair_rows:
        return None
    reviewed = [r for r in pair_rows if r["reviewed"]]
    if reviewed:
        target = reviewed[0]["verdict"]
        same = [r for r in pair_rows if r["auto_verdict"] == target]
        chosen = dict(same[0] if same else pair_rows[0])
        chosen["verdict"] = target
        return chosen
    best = max(r["similarity"] for r in pair_rows)
    close = [r for r in pair_rows if r["similarity"] >= DECISIVE_MARGIN * best]
    for verdict in PRECEDENCE["challenge" if kind == "challenge" else "default"]:
        for r in close:
            if r["verdict"] == verdict:
                return r
    return pair_rows[0]


def keep_found(followthrough: pd.DataFrame) -> pd.DataFrame:
    """The rows that clear the similarity threshold, and every reviewed row: what followthrough.csv keeps.

    A pair of an item and a later meeting without a row is not found.
    """
    kept = followthrough[(followthrough["auto_verdict"] != "not_found") | followthrough["reviewed"].astype(bool)]
    return kept.reset_index(drop=True)


def summarise_followthrough(followthrough: pd.DataFrame, recommendations: pd.DataFrame) -> pd.DataFrame:
    """One row per item and later meeting: the verdict and the passage that decides it (SUMMARY_COLUMNS)."""
    kinds = dict(zip(recommendations["recommendation_id"], recommendations["kind"]))
    rows = []
    for (rec_id, meeting_id), group in followthrough.groupby(["recommendation_id", "later_meeting_id"], sort=False):
        pair_rows = group.sort_values("rank", kind="mergesort").to_dict("records")
        chosen = _decisive(pair_rows, kinds.get(rec_id, ""))
        rows.append({c: chosen[c] for c in SUMMARY_COLUMNS})
    return _typed(pd.DataFrame(rows, columns=SUMMARY_COLUMNS))
