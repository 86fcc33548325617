"""Stretches of text that say nothing about a theme, whatever words they hold.

A theme term found wholly inside one of these is not coded (see ``blocked_spans``):

- the complement of a proper name of a body, an operation or a document: "Operation Southern
  Central Mediterranean", "Bali Process on People Smuggling, Trafficking in Persons and ...",
  "Bamako Declaration on Impunity, Justice and Human Rights". The name's head ("Network of
  Prosecutors ...", "Focus Group", "United Nations Convention against ...") is still coded, since
  a term that starts at the head is the thing itself;
- an attendance sentence ("Participants attended from Egypt, Libya ...", "The workshop brought
  together ... from the following countries: ...", "The heads of delegation of ... took part.",
  "Niger and Mali were also represented."): it names who came, not what was discussed;
- a dateline ("Regional Office, Bangkok, February 2, 2023"; "Eurojust, The Hague, 4-5 February 2016");
- a line that only lists names of bodies ("Jordan - Judicial Council; Public Security Directorate;
  Anti-Money Laundering and Counter Terrorist Financing Unit"), as in attendance lists;
- the EU's footnote on Kosovo's designation ("... in line with UNSCR 1244/1999 and the ICJ Opinion ...",
  "... in the context of United Nations Security Council resolution 1244 (1999)").

Names are found on the original (cased) text, so callers pass text before lowercasing.
"""

from __future__ import annotations

import re

import numpy as np

# Head nouns of the names of bodies, operations and documents that take a complement
# ("Office on Drugs and Crime", "Declaration on ..."). A head inside a complement starts a new
# name: "Council of Europe Network of Prosecutors" is "Council of Europe" + "Network of Prosecutors".
_HEADS = (
    "Action Plan|Agency|Alliance|Authority|Board|Bureau|Centre|Center|Coalition|Commission|Commissioner|Working Party|"
    "Committee|Conference|Convention|Co-?ordinator|Council|Court|Declaration|Department|Directive|"
    "Directorate|Division|Forum|Framework|Fund|Group|Guidelines|Handbook|Initiative|Institute|Manual|"
    "Mission|Network|Office|Observatory|Partnership|Plan|Platform|Process|Programme|Program|Project|"
    "Prosecutor|Protocol|Rapporteur|Regulation|Report|Representative|Strategy|Task Force|Toolkit|Unit"
)
_CAP = r"(?:[A-Z][\w'’.-]*)"
_NAME_WORD = rf"(?!(?:{_HEADS})\b){_CAP}"
_LINKS = r"(?:,|,? and|,? &| of| in| on| for| against| by| to| the)*"
_COMPLEMENT = rf"{_NAME_WORD}(?:{_LINKS} {_NAME_WORD})*"
# Each expression starts with the head words themselves (no \b before them, no alternation with
# another shape of name) so that Python's re can skip ahead on their first letters, ten times faster
# on a large corpus; the word boundary before a head is checked by _at_word_start.
_NAME_RES = (
    re.compile(rf"(?:{_HEADS})s? (?:on|for|of|against|to|in) (?:the )?(?P<complement>{_COMPLEMENT})"),
    re.compile(rf"Operations? (?P<complement>{_COMPLEMENT})"),
)

# What marks a sentence as one about attendance; the whole sentence is then left uncoded. Matched
# on lowercased text: much faster in Python's re than the IGNORECASE flag.
_ATTENDANCE_RE = re.compile(
    r"\b(?:(?:was|were) attended by|attended from|in attendance|attendees\b|brought together|bringing together"
    r"|(?:participants|delegations|delegates|representatives|practitioners|experts|prosecutors|observers)"
    r" (?:[\w'’-]+ ){0,3}?(?:from|of) the following"
    r"|(?:participants|attendees|delegations|delegates) (?:included|came from|attended|were from)"
    r"|observers from|(?:took part in|attended) (?:the|this) (?:meeting|workshop|conference|event|seminar|session)"
    r"|gathered (?:[\w'’-]+ ){0,4}?(?:participants|practitioners|experts|prosecutors|delegates|representatives)"
    r"|(?:participants|delegates|representatives|experts|practitioners|prosecutors) (?:[\w'’-]+ ){0,6}?"
    r"(?:participated|were present)\b"
    # "The ministers and heads of delegation of ... took part.", "Niger and Mali were also represented."
    r"|took part(?=\s*[.;:]|\s*$| online\b| in person\b| remotely\b| as observers?\b)|\bheads? of delegations?\b"
    r"|(?:were|was) (?:also |not )?(?:represented|present)\b|attended as (?:an )?observers?\b"
    # "Türkiye had been invited but was not represented."
    r"|invited but\b)"
)
# "X should set up a working group, bringing together investigators and prosecutors": a body yet to be
# created is described by whom it will gather; the sentence proposes it, it reports no attendance.
_PROPOSED_BODY_RE = re.compile(
    r"\b(?:should|shall|will|would|could|must|to|agreed to|proposed to)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:set up|create|establish|form|launch|convene|organi[sz]e|hold)\b"
)
# The standard footnote of EU texts on Kosovo's designation (UNSCR 1244, the ICJ Opinion): boilerplate
# in any document that names Kosovo, never a discussion of the Security Council or of courts.
# It starts with letters, not \b, so that re skips ahead on them (four times faster); the word
# boundary is checked by _word_start_matches.
_KOSOVO_FOOTNOTE_RE = re.compile(
    r"(?:unscr 1244|security council resolution 1244|resolution 1244|kosovo declaration of independence)"
)
# A line that only lists names ("Jordan - Judicial Council; Public Security Directorate; Anti-Money
# Laundering ... Unit"): each part capitalised words and links, parts separated by ";", "," or a dash.
_LINK_WORDS = r"(?:of|and|for|on|the|in|against|de|du|des|la|le|&)"
_NAME_PART = rf"(?:[A-Z][\w'’.()-]*)(?:\s+(?:[A-Z][\w'’.()-]*|{_LINK_WORDS}))*"
_NAME_SEPARATOR = r"\s*(?:[;,]|\s[-–—]\s|:)\s*"
# At least three names, and a ";" or a spaced dash among the separators (a heading "A, B and C" is not a list).
_NAME_LIST_LINE_RE = re.compile(
    rf"(?=[^\n]*(?:;|\s[-–—]\s))[ \t]*{_NAME_PART}(?:{_NAME_SEPARATOR}{_NAME_PART}){{2,}}[ \t]*\.?[ \t]*$"
)
# The end of a sentence: terminal punctuation (and a closing quote or bracket) before a capital.
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’)]?(?=\s+[\"“‘(]?[A-Z])")

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATELINE_RE = re.compile(
    rf"(?:[A-Z][\w'’.&-]*(?: [\w'’.&-]+){{0,9}}, ){{1,4}}"
    rf"(?:\d{{1,2}}(?:\s?[-–]\s?\d{{1,2}})? (?:{_MONTHS}) \d{{4}}"
    rf"|(?:{_MONTHS}) \d{{1,2}}(?:(?:\s?[-–]\s?| to )\d{{1,2}})?, \d{{4}})"
)


def _sentence_around(text: str, position: int) -> tuple[int, int]:
    """Start and end of the sentence holding position; a line (one passage) bounds it."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line_end = len(text) if line_end < 0 else line_end
    start = line_start
    for match in _SENTENCE_END_RE.finditer(text, line_start, position):
        start = match.end()
    end_match = _SENTENCE_END_RE.search(text, position, line_end)
    end = end_match.end() if end_match else line_end
    return start, end


def _at_word_start(text: str, position: int) -> bool:
    return position == 0 or not (text[position - 1].isalnum() or text[position - 1] == "_")


def _word_start_matches(regex: re.Pattern, text: str):
    """The matches finditer would give for a word boundary followed by regex (whose matches start with a letter)."""
    position = 0
    match = regex.search(text, position)
    while match is not None:
        if _at_word_start(text, match.start()):
            yield match
            position = match.end() if match.end() > match.start() else match.start() + 1
        else:
            position = match.start() + 1
        match = regex.search(text, position)


def blocked_spans(text: str, lowered: str | None = None) -> list[tuple[int, int]]:
    """Spans of text (sorted, merged) inside which no theme term is coded; see the module docstring.

    lowered, when given, is text lowercased with the same offsets (saves lowercasing it again).
    """
    if lowered is None or len(lowered) != len(text):
        lowered = text.lower() if len(text.lower()) == len(text) else text
    spans = []
    for name_re in _NAME_RES:
        for match in name_re.finditer(text):
            if _at_word_start(text, match.start()):
                spans.append(match.span("complement"))
    for match in _ATTENDANCE_RE.finditer(lowered):
        start, end = _sentence_around(text, match.start())
        if match.group(0).endswith(" together") and _PROPOSED_BODY_RE.search(lowered, start, match.start()):
            continue
        spans.append((start, end))
    for match in _word_start_matches(_KOSOVO_FOOTNOTE_RE, lowered):
        spans.append(_sentence_around(text, match.start()))
    # A dateline or a list of names fills a passage: try the expressions only where a line starts.
    line_start = 0
    while line_start >= 0:
        match = _DATELINE_RE.match(text, line_start)
        if match:
            spans.append(match.span())
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        if _NAME_LIST_LINE_RE.match(text[line_start:line_end]):
            spans.append((line_start, line_end))
        line_start = text.find("\n", line_start)
        line_start = line_start + 1 if line_start >= 0 else -1
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def inside_any(starts: np.ndarray, ends: np.ndarray, blocked: list[tuple[int, int]]) -> np.ndarray:
    """Per match (start, end), whether it lies wholly inside one of the sorted, merged spans."""
    if not blocked or not len(starts):
        return np.zeros(len(starts), dtype=bool)
    b_starts = np.array([a for a, _ in blocked], dtype=np.int64)
    b_ends = np.array([b for _, b in blocked], dtype=np.int64)
    k = np.searchsorted(b_starts, starts, side="right") - 1
    return (k >= 0) & (b_ends[np.maximum(k, 0)] >= ends)
