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
from msmeetings.recommendations.rules import (
    _SENTENCE_STOP_RE,
    CUE_VERDICTS,
    TEXT_KINDS,
    calls_for_action,
    classify_lead_in,
    cue_verdicts,
    names_challenge,
)
from msmeetings.recommendations.rules import (
    boilerplate_reason as _boilerplate_reason,
)
from msmeetings.recommendations.similarity import (
    MIN_SIMILARITY,
    SEMANTIC_HINT,
    SIMILARITY_MODES,
    _Passages,
    _Source,
    make_passages,
    stem,
)

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


# The same passages are read for every item: their boilerplate reason is computed once per text.
boilerplate_reason = functools.lru_cache(maxsize=65536)(_boilerplate_reason)


def _meeting_dates(meetings) -> dict[str, dt.date]:
    if isinstance(meetings, pd.DataFrame):
        pairs = zip(meetings["meeting_id"].astype(str), meetings["start_date"].astype(str))
    else:
        pairs = ((m.meeting_id, m.start_date) for m in meetings)
    return {mid: parse_partial_date(date, where="meetings", key=f"start_date of {mid}")[0] for mid, date in pairs}


def _meeting_field(meetings, column: str) -> dict[str, str]:
    """One manifest column per meeting (organiser, city), "" when not stated or when the table lacks it."""
    if isinstance(meetings, pd.DataFrame):
        if column not in meetings:
            return {}
        return dict(zip(meetings["meeting_id"].astype(str), meetings[column].fillna("").astype(str)))
    return {m.meeting_id: _text(getattr(m, column, "")) for m in meetings}


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
    min_similarity: float | None = None,
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
        min_similarity: a passage scoring below this is not a match (verdict not_found); None: the
            mode's default (MIN_SIMILARITY: 0.12 for tfidf, calibrated higher for semantic).
        similarity: "tfidf" (built in) or "semantic" (sentence embeddings, the optional extra: the
            cosine of MiniLM embeddings in place of TF-IDF's, scores rounded to three decimals).
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
    if min_similarity is None:
        min_similarity = MIN_SIMILARITY[similarity]
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

    passages = make_passages(similarity, text_blocks, sentences, codebook, theme_boost, recs["text"].tolist())
    context = {
        "passages": passages,
        "sentences": sentences,
        "leads": _lead_ins(blocks),
        "block_text": dict(zip(blocks["segment_id"], blocks["text"])),
        "top_k": top_k,
        "min_similarity": min_similarity,
        "dates": dates,
        "organisers": _meeting_field(meetings, "organiser"),
        "places": _meeting_field(meetings, "city"),
        "section_of": dict(zip(blocks["segment_id"], blocks["section_title"])),
        "retold_years": retold_years(blocks, sentences),
    }
    item_vectors = passages.item_vectors(recs["text"].tolist())
    item_themes = _theme_sets(recs["recommendation_id"].tolist(), recs["text"].tolist(), codebook)
    rows: list[dict] = []
    for i, rec in enumerate(recs.itertuples(index=False)):
        origin = dates[rec.meeting_id]
        later = [m for _, m in sorted((d, m) for m, d in dates.items() if d > origin) if m in passages.by_meeting]
        item = passages.source("", rec.meeting_id, item_vectors[i], item_themes[rec.recommendation_id], 1.0)
        # Pass 1: forward in time, each link found becomes a source for the meetings after it.
        links: list[_Source] = []
        first: dict[str, list[dict]] = {}
        first_sources: dict[str, list[_Source]] = {}
        for meeting_id in later:
            first_sources[meeting_id] = [item] + _strongest(links, meeting_id)
            first[meeting_id] = _match(rec, meeting_id, first_sources[meeting_id], context)
            if follow_links:
                links.extend(_links(first[meeting_id], rec.kind, passages, meeting_id))
        # Pass 2: every meeting against the item and the links found in all other meetings.
        for meeting_id in later:
            pair_rows = first[meeting_id]
            if follow_links and any(link.meeting_id != meeting_id for link in links):
                sources = [item] + _strongest(links, meeting_id)
                # The same sources as in pass 1 give the same rows: match again only when a later link ranks in.
                if len(sources) != len(first_sources[meeting_id]) or any(
                    a is not b for a, b in zip(sources, first_sources[meeting_id])
                ):
                    pair_rows = _match(rec, meeting_id, sources, context)
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
        "need use work support year years new fight combat human beings trafficking strengthen strengthening "
        "enhance improve increase effective effectively "
        # Stock phrases of the field: "law enforcement", "countries of origin, transit and destination",
        # the prosecutors every meeting speaks to.
        "law enforcement origin transit destination prosecutor prosecutors "
        # The verb of "set up" says nothing about what was set up; "main", "major" say nothing of which.
        "set main "
        # Words every ask can use of a different thing: "as provided in Article 5 of the Protocol" is not
        # "a Joint Team set up pursuant to Article 19 of UNTOC"; "in line with"; the region each meeting is about.
        "provide provided provides article articles protocol convention line region regional "
        # Verbs of speaking: "She stressed the need ..." shares nothing asked with "Participants stressed the need ...".
        "stress stressed stresses underline underlined highlight highlighted emphasise emphasised"
    ).split()
)
_WORD_RE = re.compile(r"[a-z]+")


# Kinds of thing an item asks for, named differently when reported done: "an informal network of
# practitioners" is answered by "the Focus Group ... has been launched", a cooperation agreement by a
# "working arrangement".
_KIND_WORDS = {
    w: cls
    for cls, words in {
        "~body": "network networks group groups subgroup platform forum community",
        "~agreement": "agreement agreements arrangement arrangements memorandum understanding",
        "~guide": "guide guidelines handbook manual toolkit checklist",
        # A school teaches: "a summer school on digital evidence" is a training.
        "~training": "training trainings workshop workshops course courses seminar school schools",
    }.items()
    for w in words.split()
}
OBJECT_CLASSES = {stem(w): cls for w, cls in _KIND_WORDS.items()}


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


# An earlier meeting cited by its year: "the 2018 meeting", "the ERA conference of 2022", "the Almaty Process
# of 2015", "decided in Athens in 2019", "In 2010 the Lusaka workshop had recommended".
_GATHERING = (
    r"(?:meeting|seminar|conference|workshop|plenary|session|summit|forum|declaration|statement|process|dialogue)s?"
)
_CITED_YEAR_RES = (
    re.compile(rf"\b((?:19|20)\d\d)\s+(?:[\w'’-]+\s+){{0,2}}?{_GATHERING}\b", re.IGNORECASE),
    re.compile(rf"\b{_GATHERING}\s+(?:(?:of|in|held\s+in)\s+)(?:[A-Z][\w'’-]+\s+)?((?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(
        r"\b(?:decided|agreed|adopted|proposed|recommended|requested)\s+(?:at|in)\s+(?:the\s+)?[A-Z][\w'’-]+"
        r"(?:\s+[A-Z][\w'’-]+)?\s+in\s+((?:19|20)\d\d)\b"
    ),
    re.compile(r"^\s*In\s+(?:\w+\s+)?((?:19|20)\d\d)\b[^.;]{0,80}?\b(?:recommend|propos|ask|call|decid|request)\w*"),
)
# A retelling that points back at the meeting retold just before: "The same meeting proposed ...".
_SAME_MEETING_RE = re.compile(
    rf"^\s*(?:the|that|this)\s+same\s+{_GATHERING}\b|^\s*(?:that|this)\s+{_GATHERING}\b", re.IGNORECASE
)


@functools.lru_cache(maxsize=65536)
def cited_years(text: str) -> frozenset[int]:
    """The years by which a text cites earlier meetings ("as the 2018 meeting requested": {2018})."""
    return frozenset(int(m.group(1)) for pattern in _CITED_YEAR_RES for m in pattern.finditer(text))


def about_other_meeting(item_text: str, item_year: int, cited: frozenset[int]) -> bool:
    """True when a passage cites earlier meetings only by years that are not the item's (nor cited by the item).

    "The Presidency reiterates the call of the Almaty Process of 2015 ..." is about a 2015 ask: it neither
    repeats nor reports done an ask made in 2019, however alike their words.
    """
    return bool(cited) and not cited & ({item_year} | cited_years(item_text))


def retold_years(blocks: pd.DataFrame, sentences: dict[str, list[tuple[str, str]]]) -> dict[str, frozenset[int]]:
    """For each sentence of a text that retells an earlier meeting's ask, the years it cites that meeting by.

    "The same meeting proposed ..." takes the years of the retelling before it in the same document.
    """
    years: dict[str, frozenset[int]] = {}
    last: dict[str, frozenset[int]] = {}
    for row in blocks.itertuples(index=False):
        for sid, sentence in sentences.get(row.segment_id, []):
            if boilerplate_reason(sentence) != "history":
                continue
            cited = cited_years(sentence)
            if not cited and _SAME_MEETING_RE.search(sentence):
                cited = last.get(row.meeting_id, frozenset())
            if cited:
                years[sid] = last[row.meeting_id] = cited
    return years


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _kinds(terms: frozenset[str]) -> frozenset[str]:
    return frozenset(t for t in terms if t.startswith("~"))


def concepts(terms) -> frozenset[str]:
    """Shared words counted as things named: a word of a kind of thing ("network") and its kind (~body) are one."""
    return frozenset(OBJECT_CLASSES.get(t, t) for t in terms)


def strong_enough(terms, minimum: int = 2) -> bool:
    """At least minimum things named in common, one of them more specific than a kind of thing."""
    named = concepts(terms)
    return len(named) >= minimum and bool(named - _kinds(named))


# Capitalised words (names: "the Mediterranean Ministerial Forum"), removed to read a clause's common nouns.
_LOWER_WORDS_RE = re.compile(r"\b[A-Z][\w'’-]*")


def object_match(
    item_text: str,
    clause: str,
    addressee: str = "",
    link_text: str = "",
    min_link_words: int = 2,
    *,
    asked_again: bool = False,
) -> list[str]:
    """The words of the item's object a cue's clause shares with it, or [] when they do not name the same thing.

    Same thing: at least two specific words (a kind of thing, OBJECT_CLASSES, counts as one) shared with
    the item, not counting the addressee's name ("the Regional Support Office organised a workshop" does
    not answer "the Regional Support Office develop a guide"); and the same kind of thing when either
    names one (a training on financial investigations is not their use, a network launched is not a
    guide written). Through a link (a passage of a meeting in between that passed these checks for
    the item, and so carries its thread), min_link_words words shared with the link suffice.
    """
    if not same_named_thing(item_text, clause) or (link_text and not same_named_thing(link_text, clause)):
        return []
    words = object_terms(clause)
    # The item's kinds of thing are those it asks to create ("set up a network"), not words of its
    # topic ("information on smuggling networks") or of a name ("the Working Group on ...").
    own = object_terms(item_text) - _kinds(object_terms(item_text)) | created_kinds(item_text)
    own -= object_terms(addressee) - _kinds(object_terms(addressee))
    shared_item = own & words
    source = object_terms(link_text) if link_text else own
    kinds_item, kinds_clause = _kinds(source | own), _kinds(words)
    if asked_again:
        # An ask made again names its kind of thing as the item did, wherever the item named it ("organise,
        # within 12 months, a specialised training"), and a word of a name is no kind of thing asked for
        # ("the States of the Mediterranean Ministerial Forum to create the register").
        kinds_item |= _kinds(object_terms(item_text))
        kinds_clause = _kinds(object_terms(_LOWER_WORDS_RE.sub(" ", clause)))
    if (kinds_item or kinds_clause) and not kinds_item & kinds_clause:
        return []
    if link_text:
        shared_link = source & words
        own_things = concepts(shared_item) - (frozenset() if min_link_words <= 2 else _kinds(concepts(shared_item)))
        if not strong_enough(shared_link, min_link_words) or not own_things:
            # Through a link the passage must still name something of the item itself (a thing done, at
            # least its kind; a thing asked or raised again, a specific word): a course held is not a
            # network asked for because a course was asked for in between.
            return []
        return sorted(shared_link | shared_item)
    return sorted(shared_item) if strong_enough(shared_item) else []


# An ask to create a thing of some kind: "the creation of an informal network", "set up a working group".
_CREATE_RE = re.compile(
    r"\b(?:creat\w*|set(?:ting)?\s+up|establish\w*|launch\w*|develop\w*|draft\w*|writ\w*|publish\w*|"
    r"prepar\w*|compil\w*|"
    r"organi[sz](?!ed\s+(?:crime|criminal|group|groups|network|networks|gang|gangs)\b)\w*|conclud\w*|sign\w*)\b"
    r"[^,;.:()]{0,50}",
    re.IGNORECASE,
)


def created_kinds(text: str) -> frozenset[str]:
    """The kinds of thing (OBJECT_CLASSES) a text asks to create or reports created ("set up a network": ~body)."""
    kinds = set()
    for match in _CREATE_RE.finditer(text):
        kinds |= _kinds(object_terms(match.group(0)))
    return frozenset(kinds)


_KIND_NOUNS = "|".join(sorted({w for w, c in _KIND_WORDS.items()}, key=len, reverse=True))
# The name-like words before a kind of thing: "a Mediterranean network", "the West African network".
# The kind noun is read in any case: "the West African Network" names a network as "the West African network" does.
_NAMED_KIND_RE = re.compile(rf"((?:\b[A-Z][\w'’-]+\s+){{1,3}})(?i:{_KIND_NOUNS})\b")
_NOT_NAMES = frozenset({"the", "a", "an", "this", "that", "such", "its", "their", "our", "new"})


@functools.lru_cache(maxsize=65536)
def named_kinds(text: str) -> frozenset[str]:
    """Lower-cased name-like words placed before a kind of thing: "a West African network" gives {west, african}."""
    words = set()
    for match in _NAMED_KIND_RE.finditer(text):
        words |= set(_WORD_RE.findall(match.group(1).lower())) - _NOT_NAMES
    return frozenset(words)


def same_named_thing(item_text: str, clause: str) -> bool:
    """False when both name the kind of thing they speak of and the names differ ("Mediterranean" / "West African").

    Case does not matter, and a name one side gives to its thing that the other uses anywhere is the same
    name: "the joint Eurojust-EJTN course" for "Eurojust and the European Judicial Training Network (EJTN)".
    """
    a, b = named_kinds(item_text), named_kinds(clause)
    if not (a and b) or a & b:
        return True
    return bool(b & set(_WORD_RE.findall(item_text.lower())) or a & set(_WORD_RE.findall(clause.lower())))


_DECIDED_TO_RE = re.compile(r"\b(?:agreed|decided|resolved|committed|undertook)\s+(?:\w+\s+)?to\b", re.IGNORECASE)


# A point of a decision's list that is an infinitive ("(a) to create a Mediterranean register ..."): what was decided.
# Lower case only: a point goes on from its lead-in; "To resolve the issue, ..." opens a sentence with a purpose.
_INFINITIVE_ITEM_RE = re.compile(r"^\s*(?:\(?[a-z0-9]{1,4}[.)]\s+)?to\s+[a-z]{3,}")


def asks_for_something(kind: str, text: str) -> bool:
    """An ask whose object a later passage can be matched against: is_ask, and not a bare title-like phrase.

    A telegraphic item ("Information sharing", listed under "adopted the following recommendations:") is
    an ask (is_ask counts it), but it names a topic too bare to be found done or asked again by matching.
    """
    if boilerplate_reason(text) == "title or heading":
        return False
    return is_ask(kind, text)


def is_ask(kind: str, text: str) -> bool:
    """True for a recommendation or proposal, or a conclusion that asks or decides to act ("agreed to", "to create")."""
    if kind in ("recommendation", "proposal"):
        return True
    return kind == "conclusion" and bool(
        calls_for_action(text) or _DECIDED_TO_RE.search(text) or _INFINITIVE_ITEM_RE.match(text)
    )


def _check_cue_verdict(
    rec, verdict: str, cue: str, evidence: str, link: _Source | None, link_text: str, block: dict, context: dict
):
    """(verdict, shared words) after the checks a cue must pass, or ("", []) when the passage does not answer the item.

    implemented: the clause of the cue names the item's object (object_match), not dated before the
    item, not in a background section ("About ..."), and the item asks for something (not a challenge).
    reiterated: the same ask again (object_match on the cue's clause), not an earlier meeting's ask
    retold ("The Lisbon conference of 2021 proposed ...") nor a bare lead-in ("They recommended that:").
    recurring: the item names a problem, and the clause of the later problem names the same one.
    Who: an ask put to another named addressee (other_asked, other_named_addressee, other_actor) is not asked
    again; an ask to one group's own States is neither asked again nor done by another group's (other_group);
    a thing made by an organisation the item does not ask is another thing unless it names the item's object
    in OTHER_MAKER_WORDS specific words.
    """
    bare_cue = cue.removesuffix(" (lead-in)")
    lead_in = bare_cue != cue
    clause = evidence if lead_in else cue_clause(evidence, bare_cue)
    if verdict in ("implemented", "reiterated") and not asks_for_something(rec.kind, rec.text):
        # A problem or an observation is not asked for, nor done: only its recurrence is news.
        return "", []
    found = _check_against(rec, verdict, cue, evidence, "", block, context, clause, lead_in)
    if link is None:
        return found
    # A thing done follows a thread forwards only (a 2023 report of a team does not make a 2019 team
    # answer the item). The passage may answer the item itself; a thread is read when it does not, or
    # only by the kind of thing made.
    later = context["dates"][block["segment_id"].split(":")[0]]
    through = verdict != "implemented" or context["dates"][link.meeting_id] < later
    if not through or (found[0] and not all(w.startswith("~") for w in found[1])):
        return found
    threaded = _check_against(rec, verdict, cue, evidence, link_text, block, context, clause, lead_in)
    if threaded[0] == "implemented" and other_actor(rec.text, addressee_of(rec), evidence):
        return found
    return threaded if threaded[0] else found


# What a later meeting asks about its own proceedings: "the good practices presented at the meeting".
_OWN_MEETING_RE = re.compile(
    r"\b(?:presented|discussed|shared|identified|raised|collected)\s+(?:at|during)\s+(?:the|this)\s+"
    r"(?:meeting|workshop|conference|seminar|session)\b",
    re.IGNORECASE,
)


# An ask that names its object by pointing back at what the sentence named before it.
_POINTS_BACK_RE = re.compile(r"\b(?:such\s+an?|the\s+same)\s+\w+", re.IGNORECASE)


def addressee_of(rec) -> str:
    """Who an item asks to act, "" when it names no one."""
    return _text(getattr(rec, "addressee", ""))


# Specific words a thing made by someone the item does not ask must share with the item to be the same thing.
OTHER_MAKER_WORDS = 3


# Who did it, when a clause says so: "has been set up by Eurojust", "was published by ICMPD".
_DOER_RE = re.compile(r"\bby\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’-]*){0,4})")
# An actor an item names: an acronym ("SELEC", "UNODC") or the addressee it is put to.
_ACRONYM_RE = re.compile(r"\b[A-Z]{3,}\b")


# Who a clause asks: "recommended that the OSCE develop", "a call for Eurojust to continue".
_ASKED_RE = re.compile(
    r"\b(?:call(?:s|ed)?\s+(?:on|upon|for)|urg\w+|invit\w+|ask\w*|recommend\w*\s+that|request\w*|encourag\w+)\s+"
    r"(?:the\s+)?(?:(?:incoming|next|new|outgoing)\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
)
_ORGANISATION_RE = re.compile(r"\b(?:[A-Z]{3,}|Eurojust|Europol|Frontex|Interpol|Commission)\b")


def other_asked(item_text: str, addressee: str, clause: str) -> bool:
    """True when a clause asks an organisation the item, which names who should act, does not name.

    "Participants recommended that the OSCE develop training" does not ask again "that UNODC organise training".
    """
    asked = [m.group(1) for m in _ASKED_RE.finditer(clause) if _ORGANISATION_RE.search(m.group(1))]
    return bool(asked) and _names_no_one_of(item_text, addressee, asked)


def _names_no_one_of(item_text: str, addressee: str, actors: list[str]) -> bool:
    names_actor = bool(addressee) or bool(_ACRONYM_RE.search(item_text)) or bool(_DOER_RE.search(item_text))
    if not names_actor:
        return False
    item_words = set(_WORD_RE.findall(f"{item_text} {addressee}".lower()))
    return not any(set(_WORD_RE.findall(a.lower())) - _NOT_NAMES - {"of"} & item_words for a in actors)


# Words of a role, not of a name: "the incoming Hungarian Presidency" is named by "Hungarian" alone.
_ROLE_WORDS = frozenset(
    "the of and in process presidency secretariat commission council states state member members participating "
    "authorities parties countries government governments national judicial competent relevant".split()
)


@functools.lru_cache(maxsize=65536)
def _qualifiers(name: str) -> frozenset[str]:
    return frozenset(_WORD_RE.findall(name.lower())) - _ROLE_WORDS - _NOT_NAMES


@functools.lru_cache(maxsize=65536)
def _asked_names(text: str) -> tuple[frozenset[str], ...]:
    """The names (without role words) of those a text asks to act."""
    return tuple(q for q in (_qualifiers(m.group(1)) for m in _ASKED_RE.finditer(text)) if q)


@functools.lru_cache(maxsize=65536)
def _own_group(text: str) -> bool:
    return bool(_OWN_GROUP_RE.search(text))


def other_named_addressee(item_text: str, addressee: str, clause: str) -> bool:
    """True when both the item and the clause name who they ask, by names that differ.

    "invites the incoming Danish Presidency to update it" does not ask again "invites the incoming Hungarian
    Presidency to keep the follow-up"; "invited EU Member States to make use of Eurojust" is not an ask put to
    Eurojust. A role alone ("the Commission", "Member States", "national authorities") names no one in particular.
    """
    theirs = _asked_names(clause)
    mine = _asked_names(item_text) + ((q,) if (q := _qualifiers(addressee)) else ())
    if not theirs or not mine:
        return False
    item_words = _words(item_text) | _words(addressee)
    return not any(q & item_words for q in theirs)


# An ask put to the meeting's own group of States: "participating States", "the States of the region".
_OWN_GROUP_RE = re.compile(
    r"\b(?:participating\s+States|(?:States|countries|authorities|prosecutors|prosecution\s+services|offices)\s+of\s+"
    r"the\s+region|each\s+prosecution\s+service)\b",
    re.IGNORECASE,
)


def other_group(item_text: str, addressee: str, passage: str, item_organiser: str, later_organiser: str) -> bool:
    """True when an ask is put to a meeting's own group of States and the two meetings are of different groups.

    "participating States should criminalise ..." of one process is not asked again by another process's
    "The participating States are encouraged: to criminalise ...", nor is an ask to national authorities
    (the item names who) made again by "each prosecution service" of another region's workshop. The same
    group is known by a shared word of the organisers' names ("OSCE", "OSCE Presence in Albania"), or by
    the passage naming the item's group ("the call of the Almaty Process").
    """
    mine, theirs = _qualifiers(item_organiser), _qualifiers(later_organiser)
    if not mine or not theirs or mine & theirs or mine & _words(passage):
        return False
    if _own_group(addressee) or _own_group(item_text):
        return True
    stated = bool(addressee) or bool(organisations(item_text))
    return stated and _own_group(passage)


# Words of an organiser's name that say what kind of body it is, not which one: "the Prosecutor's Office of
# the Republic of Bulgaria" and "the State Attorney's Office of the Republic of Croatia" are two bodies.
_BODY_WORDS = frozenset(
    "s office republic prosecutor prosecutors general attorney agency implementation centre center regional "
    "conference forum european law enforcement academy ministerial".split()
)


def process_words(organiser: str) -> frozenset[str]:
    """The words that name a meeting's process or organiser ("OSCE Presence in Albania": osce, albania).

    Every Presidency of the Council of the EU is named by "eu" and by its country ("danish", "belgian").
    """
    return _qualifiers(organiser) - _BODY_WORDS


# Words an organiser's name shares with another's that do not make them one series: each Presidency of the
# Council of the EU holds its own seminars ("Swedish" in Malmo, "Netherlands" in Rotterdam).
_NOT_A_SERIES = frozenset({"eu"})


def same_series(item_organiser: str, later_organiser: str) -> bool:
    """True when two meetings are of one process or organiser ("OSCE" / "OSCE Presence in Albania")."""
    return bool((process_words(item_organiser) & process_words(later_organiser)) - _NOT_A_SERIES)


# Said to be asked again: "again recommends", "once more asks", "renews this call", "repeats the call".
_AGAIN_RE = re.compile(r"\b(?:again|once\s+more|reiterat\w*|restat\w*|renew(?:s|ed|ing)?|repeat(?:s|ed|ing)?)\b", re.I)
# Specific words an ask at another process's meeting must share with the item to be the same ask without pointing
# back to it ("Eurojust should compile a compendium of national case law on the aggravating circumstances").
SAME_WORDS_ELSEWHERE = 4


def points_back(
    passage: str, item_organiser: str, item_year: int, item_place: str = "", other_places: frozenset[str] = frozenset()
) -> bool:
    """True when a passage points back to the item's meeting rather than making an ask of its own.

    It says the ask is made again ("again", "once more", "renews", "repeats", "reiterates"), or cites the
    item's meeting: its place, its year or its organiser ("as the Commission did in 2021", "the call of the
    Almaty Process"); a year or an organiser does not point back when the passage names another meeting's
    place ("the training called for at the Tirana conference of 2021" is not a 2021 Vienna item).
    """
    words = _words(passage)
    if item_place and _words(item_place) and _words(item_place) <= words:
        return True
    elsewhere = any(_words(place) and _words(place) <= words for place in other_places)
    if _AGAIN_RE.search(passage) and not elsewhere:
        return True
    years = {int(y) for y in _YEAR_RE.findall(passage)}
    return (item_year in years or names_process(passage, item_organiser)) and not elsewhere


def names_process(passage: str, organiser: str) -> bool:
    """True when a passage names a meeting's process by all the words of its name ("the Almaty Process").

    An organisation that also acts ("Eurojust", "UNODC") is named as who is asked, not as the process.
    """
    name = process_words(organiser) - _NOT_A_SERIES
    return bool(name) and name <= _words(passage) and not name <= organisations(organiser)


def other_process(
    item_text: str,
    addressee: str,
    passage: str,
    item_organiser: str,
    later_organiser: str,
    item_year: int,
    *,
    item_place: str = "",
    other_places: frozenset[str] = frozenset(),
    shared: int = 0,
) -> bool:
    """True when a later meeting of another process asks what an item asked, without pointing back to it.

    The same kind of ask made in another region's or process's meeting is that meeting's own ask, not the
    item asked again ("the States of the region designate focal points" of a UNODC workshop in Accra does not
    repeat the Sahel Platform's "each State designate a focal point prosecutor"; "invite the Commission to
    examine how a joint training module for prosecutors and road police could be financed" does not repeat
    another Presidency's "invite the Commission to consider a joint training course for port police"), even
    when it asks the same organisation. It is the same ask again when the passage points back to the item
    (points_back), or names its object in SAME_WORDS_ELSEWHERE specific words (shared). Two meetings without
    a stated organiser decide nothing; one without is of no known series.
    """
    mine, theirs = process_words(item_organiser), process_words(later_organiser)
    if not (mine or theirs) or same_series(item_organiser, later_organiser):
        return False
    if points_back(passage, item_organiser, item_year, item_place, other_places):
        return False
    return shared < SAME_WORDS_ELSEWHERE


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD_RE.findall(text.lower()))


def other_maker(item_text: str, addressee: str, clause: str) -> bool:
    """True when the item names organisations and the clause names one it does not.

    "The joint Eurojust-EJTN course" was not made by "ERA and Eurojust", whom the item asks.
    """
    mine = organisations(f"{item_text} {addressee}")
    return bool(mine) and bool(organisations(clause) - mine)


@functools.lru_cache(maxsize=65536)
def organisations(text: str) -> frozenset[str]:
    """Lower-cased names of organisations a text names ("Eurojust", "OSCE", "EJTN" in "Eurojust-EJTN")."""
    return frozenset(m.group(0).lower() for m in _ORGANISATION_RE.finditer(text))


def other_actor(item_text: str, addressee: str, text: str) -> bool:
    """True when the item names organisations and the passage names only others ("the OSCE" / "Eurojust-EJTN")."""
    named = organisations(text)
    mine = organisations(f"{item_text} {addressee}")
    return bool(named and mine and not named & mine)


def same_actor(item_text: str, addressee: str, text: str) -> bool:
    """True when the passage names an organisation the item names (who was asked is who did it)."""
    return bool(organisations(text) & organisations(f"{item_text} {addressee}"))


def other_doer(item_text: str, addressee: str, clause: str) -> bool:
    """True when a clause says who did it and the item, which names who should, names someone else.

    "The Focus Group ... has been set up by Eurojust" does not report done a network "to be hosted by the
    SELEC secretariat".
    """
    doers = [m.group(1) for m in _DOER_RE.finditer(clause)]
    return bool(doers) and _names_no_one_of(item_text, addressee, doers)


def _check_against(rec, verdict, cue, evidence, link_text, block, context, clause, lead_in):
    if verdict in ("implemented", "reiterated") and about_other_meeting(
        rec.text, context["dates"][rec.meeting_id].year, cited_years(evidence)
    ):
        return "", []
    if verdict == "implemented":
        if done_before(clause, context["dates"][rec.meeting_id].year):
            return "", []
        if _BACKGROUND_RE.search(context["section_of"].get(block["segment_id"], "")):
            return "", []
    elif verdict == "reiterated":
        if evidence.rstrip().endswith(":") or boilerplate_reason(evidence) == "history":
            return "", []
        if other_asked(rec.text, addressee_of(rec), evidence) or other_named_addressee(
            rec.text, addressee_of(rec), evidence
        ):
            return "", []
        if other_actor(rec.text, addressee_of(rec), evidence):
            # "ECOWAS develop a model form" does not ask again "the SADC Secretariat draft a template".
            return "", []
        if _OWN_MEETING_RE.search(evidence):
            # "compile the good practices presented at the meeting" asks for that meeting's own material.
            return "", []
    if verdict in ("implemented", "reiterated"):
        organisers = context.get("organisers", {})
        asked = f"{block.get('lead_text', '')} {evidence}"
        if verdict == "reiterated" and other_process(
            rec.text,
            addressee_of(rec),
            asked,
            organisers.get(rec.meeting_id, ""),
            organisers.get(block["segment_id"].split(":")[0], ""),
            context["dates"][rec.meeting_id].year,
            **_where(rec, block, context),
            shared=len(asked_in_common(rec.text, evidence)),
        ):
            return "", []
        if other_group(
            rec.text,
            addressee_of(rec),
            asked,
            organisers.get(rec.meeting_id, ""),
            organisers.get(block["segment_id"].split(":")[0], ""),
        ):
            return "", []
    elif verdict == "recurring":
        if rec.kind != "challenge" and not names_challenge(rec.text):
            return "", []
    if verdict == "recurring" or (verdict == "reiterated" and len(object_terms(clause)) < 2):
        # "..., such as truck drivers, is much more difficult": the problem is named anywhere in the
        # sentence, and an ask whose clause names nothing is read whole.
        clause = evidence
    elif verdict == "reiterated":
        # What is asked follows the cue to the end of the sentence: "invited Member States to make greater
        # use of Eurojust's support, through operational tools such as JITs".
        clause = evidence[max(0, evidence.find(clause)) :]
        if _POINTS_BACK_RE.search(clause):
            # "...; Eurojust again recommends that such a network be created": the thing is named before.
            clause = evidence
    # Through a link, asked again or raised again needs a strong thread (three words); done, two.
    strength = 2 if verdict == "implemented" else 3
    shared = object_match(
        rec.text, clause, _text(getattr(rec, "addressee", "")), link_text, strength, asked_again=verdict == "reiterated"
    )
    if (
        shared
        and verdict == "implemented"
        and (other_doer(rec.text, addressee_of(rec), clause) or other_maker(rec.text, addressee_of(rec), clause))
        and len(concepts(shared) - _kinds(concepts(shared))) < OTHER_MAKER_WORDS
    ):
        # A thing someone the item does not ask made is another thing, unless it names the item's object in
        # its specific terms ("the directory of central authorities of the Silk Routes countries").
        shared = []
    if not shared and verdict == "implemented" and not link_text:
        # The item asks for a kind of thing to be created and the clause reports one of that kind done
        # ("an informal network of practitioners" / "the Focus Group ... has been set up"): a lead with
        # one shared word, marked low by _confidence.
        # The kind of the maker's name is not the thing made: "agreed by the Nordic-Baltic Prosecutors' Forum".
        made = created_kinds(rec.text) & _kinds(object_terms(_DOER_RE.sub(" ", clause)))
        if (
            made
            and same_named_thing(rec.text, clause)
            and not other_doer(rec.text, addressee_of(rec), clause)
            and not other_maker(rec.text, addressee_of(rec), clause)
            and not other_actor(rec.text, addressee_of(rec), evidence)
            and not _made_elsewhere(rec, evidence, block, context)
        ):
            return verdict, sorted(made)
    return (verdict, shared) if shared else ("", [])


def _specific(terms) -> frozenset[str]:
    """The named things of a set of terms that are more specific than a kind of thing."""
    named = concepts(terms)
    return named - _kinds(named)


# Words of asking: "invite the Commission to ..." and "invite the Commission to ..." share no object by them.
_ASKING_STEMS = frozenset(stem(w) for w in "invite ask request call urge encourage recommend propose suggest".split())


def asked_in_common(item_text: str, passage: str) -> frozenset[str]:
    """The specific things an item and a passage both name, without the organisations named and the verbs of asking."""
    shared = _specific(object_terms(item_text) & object_terms(passage))
    named = {stem(w) for name in organisations(item_text) | organisations(passage) for w in _WORD_RE.findall(name)}
    return shared - named - _ASKING_STEMS


def _where(rec, block: dict, context: dict) -> dict:
    """The item's place and the places of the other traced meetings (for points_back)."""
    places = context.get("places", {})
    later = block["segment_id"].split(":")[0]
    mine = places.get(rec.meeting_id, "")
    others = frozenset(p for m, p in places.items() if p and m not in (rec.meeting_id, later) and p != mine)
    return {"item_place": mine, "other_places": others}


def _made_elsewhere(rec, evidence: str, block: dict, context: dict) -> bool:
    """True when a thing of the kind asked is reported made in another series, not pointing back to the item.

    "Eurojust has launched ... the Focus Group" does not make the working group of experts a 5+5 conference
    asked to create; the item's own series, or a passage citing the item's meeting or naming whom it asks
    ("proposed at Eurojust in 2018"), does.
    """
    organisers = context.get("organisers", {})
    mine, theirs = organisers.get(rec.meeting_id, ""), organisers.get(block["segment_id"].split(":")[0], "")
    if not (process_words(mine) or process_words(theirs)) or same_series(mine, theirs):
        return False
    if same_actor(rec.text, addressee_of(rec), evidence):
        return False
    return not points_back(evidence, mine, context["dates"][rec.meeting_id].year, **_where(rec, block, context))


def _confidence(
    verdict: str, cue: str, shared: list[str], item_text: str, evidence: str, linked: bool, addressee: str = ""
) -> str:
    """Confidence "high" only on a strong object match, "low" for any weaker lead.

    Strong: a cue (in the passage or the lead-in that speaks for it), matched directly on the item (not
    through a link), two things named in common of which one more specific than a kind of thing
    (strong_enough), and the item's named thing, if it names one, named in the passage too.
    """
    if verdict not in CUE_VERDICTS or not cue:
        return "low"
    made = verdict == "implemented" and bool(shared) and all(w.startswith("~") for w in shared)
    if (linked and verdict == "implemented") or made:
        # A thing done found through a thread, or only its kind in common: strong only when the passage
        # names who was asked, the item's organisation ("Eurojust ... launched a new Focus Group subgroup").
        if not same_actor(item_text, addressee, evidence):
            return "low"
    elif not strong_enough(shared) or (linked and not strong_enough(object_terms(item_text) & object_terms(evidence))):
        # Asked or raised again through a thread: strong only when the passage also names the item's own
        # object; the thread alone is a lead for a reader.
        return "low"
    named = named_kinds(item_text)
    return "high" if not named or named & set(_WORD_RE.findall(evidence.lower())) else "low"


# How many of a link's best passages are read for a cue when following its thread.
FOLLOW_DEPTH = 5


def _evidence_unit(passages: _Passages, offsets: np.ndarray, low: int, high: int, k: int, scores: np.ndarray) -> int:
    """The evidence of block k: its sentence closest to the source the block was scored on."""
    first_unit, last_unit = offsets[k], (offsets[k + 1] if k + 1 < len(offsets) else high - low)
    units = [u for u in range(first_unit, last_unit) if passages.is_sentence[low + u]]
    return low + max(units, key=lambda u: (round(float(scores[u]), 12), -u))


def _layout(passages: _Passages, meeting_id: str, context: dict) -> tuple:
    """A meeting's blocks, the range of its units and each block's first unit within it (computed once)."""
    layouts = context.setdefault("layouts", {})
    layout = layouts.get(meeting_id)
    if layout is None:
        blocks = passages.by_meeting[meeting_id]
        low, high = passages.starts[blocks[0]], passages.end(blocks[-1])
        offsets = np.array([passages.starts[b] for b in blocks], dtype=int) - low
        layout = layouts[meeting_id] = (blocks, low, high, offsets)
    return layout


def _match(rec, meeting_id: str, sources: list[_Source], context: dict) -> list[dict]:
    """The top_k passages of one meeting for one item, each with its evidence and verdict."""
    passages: _Passages = context["passages"]
    blocks, low, high, offsets = _layout(passages, meeting_id, context)
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
    # Best first, then the closer raw match, then document order (one vectorised sort: this runs per pair).
    order = np.lexsort((np.arange(n), -np.round(raw, 10), -np.round(best, 10))).tolist()
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
            leads = context["leads"]
            cues = cue_verdicts(evidence)
            if "implemented" in cues and _asked_in_list(block, context):
                # "(b) Eurojust set up a thematic group ..." under "The meeting recommended that:" asks, not reports.
                cues = {v: c for v, c in cues.items() if v != "implemented"}
            if "reiterated" in cues and _listed_issue(passages, unit):
                # "(iii) the need to quickly secure testimonies by video" in "the following issues were described:
                # (i) ...": a delegation's problem listed, not an ask made again.
                cues = {v: c for v, c in cues.items() if v != "reiterated"}
            verdict, cue = _choose(cues, rec.kind)
            if not verdict and block["kind"] in ("bullet", "list_item") and block["segment_id"] in leads:
                lead_id = leads[block["segment_id"]]
                lead_text = _last_sentence(lead_id, context["block_text"].get(lead_id, ""), context["sentences"])
                # Only a true lead-in ("the WACAP representative suggested:") speaks for its items.
                if not _SENTENCE_STOP_RE.search(lead_text):
                    block["lead_text"] = lead_text
                    verdict, cue = _choose(cue_verdicts(lead_text), rec.kind)
                    cue = f"{cue} (lead-in)" if cue else ""
            link = sources[s].segment_id
            link_text = passages.unit_texts[passages.unit_row[link]] if link else ""
            shared = shared_object(link_text or rec.text, evidence)
            if verdict:
                verdict, shared = _check_cue_verdict(
                    rec, verdict, cue, evidence, sources[s] if link else None, link_text, block, context
                )
                if not verdict:
                    cue = ""
            told_from = unit
            told = _after_retelling(rec, evidence, unit, passages, block, context) if not verdict else None
            if told is not None:
                verdict, cue, unit, shared = told
                evidence = passages.unit_texts[unit]
            verdict = verdict or "mentioned"
            if told is not None:
                # What became of an ask retold: high when the retelling is dated to the item's meeting.
                dated = context["retold_years"].get(passages.unit_ids[told_from], frozenset())
                confidence = "high" if context["dates"][rec.meeting_id].year in dated else "low"
            else:
                confidence = _confidence(verdict, cue, shared, rec.text, evidence, bool(link), addressee_of(rec))
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


# The opening of a sentence that lists problems: "the following legal and operational issues were described:".
_ISSUES_RE = re.compile(r"\b(?:issues|challenges|problems|difficulties|obstacles|concerns)\b", re.IGNORECASE)
_FIRST_POINT_RE = re.compile(r"\((?:i|a|1)\)")


def _listed_issue(passages: _Passages, unit: int) -> bool:
    """True for an enumerated point of a sentence whose opening, before its first point, announces problems."""
    point = passages.unit_ids[unit]
    if "/" not in point:
        return False
    sentence = passages.unit_texts[passages.unit_row[point.split("/")[0]]]
    first = _FIRST_POINT_RE.search(sentence)
    return bool(first) and bool(_ISSUES_RE.search(sentence[: first.start()]))


def _asked_in_list(block: dict, context: dict) -> bool:
    """True for a bullet or list item whose lead-in asks or recommends: its verbs are asks, not reports."""
    lead_id = context["leads"].get(block["segment_id"]) if block["kind"] in ("bullet", "list_item") else None
    if lead_id is None:
        return False
    cache = context.setdefault("asking_leads", {})
    if lead_id not in cache:
        lead_text = _last_sentence(lead_id, context["block_text"].get(lead_id, ""), context["sentences"])
        kind, _ = classify_lead_in(lead_text)
        cache[lead_id] = kind in ("recommendation", "proposal") or bool(calls_for_action(lead_text))
    return cache[lead_id]


# A word pointing back at what the sentence before named: "Eurojust published that case study".
_ANAPHORA_RE = re.compile(r"\b(?:that|this|these|those|the\s+same|such|it|so|the\s+subject)\b", re.IGNORECASE)


def _after_retelling(rec, evidence: str, unit: int, passages: _Passages, block: dict, context: dict):
    """(verdict, cue, unit, shared) read from the sentences that follow an earlier ask retold, or None.

    A follow-up report retells an item ("The Accra workshop of 2019 recommended that UNODC support a
    network ...") and says in the next sentences of its paragraph what became of it ("The network was
    launched in Dakar in 2021", "The Presidency again recommends ..."). The retelling ties those
    sentences to the item: a cue in one of them counts when it points back (that, this, such, the same)
    or shares a specific word with the item or the retelling.
    """
    if boilerplate_reason(evidence) != "history" or rec.kind == "challenge":
        return None
    addressee = object_terms(_text(getattr(rec, "addressee", "")))
    told = (object_terms(rec.text) & object_terms(evidence)) - addressee
    if len(told - _kinds(told)) < 2 or not same_named_thing(rec.text, evidence):
        # The retelling is of another item ("a West African network" is not "a Mediterranean network");
        # the kind of meeting that made it ("the Copenhagen seminar") does not count.
        return None
    own = context["sentences"].get(block["segment_id"], [])
    ids = [sid for sid, _ in own]
    evidence_id = passages.unit_ids[unit]
    if evidence_id not in ids:
        return None
    item_year = context["dates"][rec.meeting_id].year
    if about_other_meeting(rec.text, item_year, context["retold_years"].get(evidence_id, frozenset())):
        # The retelling dates the ask to another meeting ("The Budapest Process meeting of April 2017 asked
        # ..." does not retell a 2015 item, whatever words they share).
        return None
    topic = object_terms(rec.text) | object_terms(evidence)
    found = {}
    for sid, sentence in own[ids.index(evidence_id) + 1 :]:
        if boilerplate_reason(sentence) == "history":
            break
        for verdict, cue in cue_verdicts(sentence).items():
            if verdict == "recurring" or verdict in found:
                continue
            clause = cue_clause(sentence, cue)
            if verdict == "implemented" and done_before(clause, context["dates"][rec.meeting_id].year):
                continue
            words = sorted((topic & object_terms(sentence)) - _kinds(topic))
            if words or _ANAPHORA_RE.search(sentence):
                found[verdict] = (verdict, " ".join(cue.lower().split()), passages.unit_row[sid], words or ["~told"])
    for verdict in PRECEDENCE["default"]:
        if verdict in found:
            return found[verdict]
    return None


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

    The best-ranked passage, unless a passage scoring at least DECISIVE_MARGIN of the best (an earlier
    ask retold aside) carries a stronger cue (PRECEDENCE: for a recommendation, implemented >
    reiterated > recurring; for a challenge, recurring first): a launch reported in a nearly as similar
    passage is the news.

    For a reviewed pair, the reviewer's verdict stands; the passage shown is the one apply_review
    marked (the paragraph the note cites), else the best-ranked one whose cues gave that verdict, else
    the best-ranked passage.
    """
    if not pair_rows:
        return None
    reviewed = [r for r in pair_rows if r["reviewed"]]
    if reviewed:
        target = reviewed[0]["verdict"]
        # apply_review marks the passage the reader's note cites; the table must show that one.
        cited = [r for r in reviewed if str(r.get("decides", "")).lower() == "true"]
        same = [r for r in pair_rows if r["auto_verdict"] == target]
        chosen = dict(cited[0] if cited else same[0] if same else pair_rows[0])
        chosen["verdict"] = target
        return chosen
    # An earlier meeting's ask retold ("The Oslo seminar of 2012 recommended ...") is the item's own
    # wording, so it scores high without being news: it sets the margin only when nothing else does.
    told = [r for r in pair_rows if boilerplate_reason(str(r["evidence"])) != "history"] or pair_rows
    best = max(r["similarity"] for r in told)
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
