"""A meeting's place in its series, from ordinals spelled out or in digits.

An ordinal is a figure only where it places *this* meeting in a series of meetings (or a project
in its phases): "The 18th CrimEx meeting was held ...", "held its 45th Plenary meeting", "It was
the fourth thematic meeting", "The Sixth Ministerial Conference ... was held", "met for the
twelfth time", "the seventh in a series", "(sixth phase)". Ordinals that name another meeting
("to hold the Seventh Ministerial Conference in 2019", "at the 19th meeting in Rome", "adopted
at the Sixth Ministerial Conference in 2016"), a session of the meeting ("the third session") or
anything else ("third countries", "for the second time" without a meeting verb) are not figures.
"First" is recorded (value 1) only where it places the meeting itself: "This was the first seminar
on air routes", "the first of its kind", "met for the first time"; never "the first arrests".

Chapter 1 quotes the sentences `corpus.SERIES_RE` finds as the documents' own series statements;
every such sentence that carries an ordinal gives the same ordinal here (a test checks it).
"""

from __future__ import annotations

import re

_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = (
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENTHS = ("twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth")
ORDINAL_WORDS: dict[str, int] = {
    **{w: i for i, w in enumerate(_UNITS, start=1)},
    **{w: i for i, w in enumerate(_TEENS, start=10)},
    **{w: 20 + 10 * i for i, w in enumerate(_TENTHS)},
    "hundredth": 100,
}
_ORD = (
    r"(?P<ord>[0-9]{1,3}(?:st|nd|rd|th)"
    rf"|(?:(?:{'|'.join(_TENS)})[-\s])?(?:{'|'.join(_UNITS)})"
    rf"|{'|'.join(sorted([*_TEENS, *_TENTHS, 'hundredth'], key=len, reverse=True))}"
    # "The inaugural workshop": the first of a series that the text expects to continue.
    r"|inaugural)"
)
_MEETINGS = (
    r"(?:meetings|conferences|plenaries|plenary\s+meetings|workshops|seminars|summits|forums|fora|congresses|symposia"
    r"|dialogues|round[-\s]?tables|colloquia|assemblies|consultations|gatherings|events)"
)
_MEETING = (
    r"(?:meetings?|conference|plenary|workshop|seminar|summit|forum|congress|symposium|dialogue"
    r"|round[-\s]?table|colloquium|assembly|consultation|gathering|event)"
)
# Up to four words naming the meeting between the ordinal and its noun ("Plenary", "CrimEx",
# "Ministerial", "regional expert"); never a function word or "session" (a part of the meeting).
_NAME = r"(?:(?!(?:session|sessions|of|the|and|in|on|for|to|a|an|at|with)\b)[A-Za-z][\w'’-]*\s+){0,4}?"
# Whose meeting: "the", "its", or a possessive ("the network's twelfth annual meeting").
_WHOSE = r"(?:its|their|(?:the\s+)?[A-Za-z][\w-]*['’]s|the)"
_HOLDING_VERB = re.compile(
    r"\b(?:was|were)\s+(?:held|organi[sz]ed|hosted|convened|opened|attended|co-chaired|chaired)\b"
    r"|\btook\s+place\b|\b(?:met|convened|gathered|opened)\b|\bbrought\s+together\b",
    re.IGNORECASE,
)
_SERIES_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "meeting in a series",
        re.compile(rf"\b{_ORD}\s+(?:annual\s+)?(?:meeting\s+)?in\s+(?:a|the)\s+series\b", re.IGNORECASE),
    ),
    ("project phase", re.compile(rf"\b{_ORD}\s+phase\b", re.IGNORECASE)),
    ("position in a series", re.compile(rf"\b{_ORD}\s+(?:edition|round)\b", re.IGNORECASE)),
    (
        # "Prosecutors ... met in Plovdiv for the third trilateral meeting", "brought together 84 prosecutors ...
        # for its fourth regional conference": the gathering the sentence reports.
        "meeting in a series",
        re.compile(
            r"\b(?:met|meet|meets|gathered|convened|assembled|came\s+together|brought\s+together|bringing\s+together)\b"
            rf"[^.;]{{0,200}}?\bfor\s+(?:the|its|their)\s+{_ORD}\s+{_NAME}{_MEETING}\b",
            re.IGNORECASE,
        ),
    ),
    # "The workshop, the third of its kind, took place ...": "of its kind" places an event itself.
    ("meeting in a series", re.compile(rf"\b(?:the|its)\s+{_ORD}\s+of\s+its\s+kind\b", re.IGNORECASE)),
    (
        # "It was the fourth thematic meeting", "The workshop was the second of its kind".
        "meeting in a series",
        re.compile(
            rf"\b(?:was|is|be|being|marks|marked|became|becomes)\s+(?:also\s+|thus\s+)?{_WHOSE}\s+{_ORD}"
            rf"\s+(?:{_NAME}{_MEETING}\b|of\s+its\s+kind\b|such\s+(?:meeting|event|workshop|conference)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        # "held its 45th Plenary meeting": the organiser's own meeting, in the past or present.
        "meeting in a series",
        re.compile(
            rf"\b(?:held|hosted|convened|organi[sz]ed|opened|holds|hosts|hosting)\s+{_WHOSE}\s+{_ORD}"
            rf"\s+{_NAME}{_MEETING}\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "The Commission convened in Niamey, from 12 to 14 March 2013, the second regional meeting of ...": the
        # place and dates may come between the organiser's verb and the meeting it held.
        "meeting in a series",
        re.compile(
            r"\b(?:held|hosted|convened|organi[sz]ed)\s+(?:in\s+[A-Z][^,.;]{0,40}?)?\s*,\s*[^.;]{1,60}?,\s+"
            rf"{_WHOSE}\s+{_ORD}\s+{_NAME}{_MEETING}\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "welcomed the participants to the first meeting of the Network held outside Strasbourg".
        "meeting in a series",
        re.compile(
            rf"\bwelcom(?:ed|es|ing)\s+(?:[\w'’-]+\s+){{0,4}}?to\s+{_WHOSE}\s+{_ORD}\s+{_NAME}{_MEETING}\b",
            re.IGNORECASE,
        ),
    ),
    # A follow-up note placed in its own series: "Second stocktaking of practitioners' meetings", "Third
    # progress report on ...".
    (
        "position in a series",
        re.compile(
            rf"\b{_ORD}\s+(?:annual\s+)?(?:stocktaking|stock-taking|progress\s+report|follow-up\s+(?:report|note)"
            r"|implementation\s+report)\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "The seminar was the fourth of the Presidency's practitioners' seminars".
        "meeting in a series",
        re.compile(
            rf"\b(?:was|is|marks|marked|became|becomes)\s+(?:also\s+|thus\s+)?(?:the|its)\s+{_ORD}\s+of\s+"
            rf"(?:the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){{0,4}}?{_MEETINGS}\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "for the Forum's ministerial meeting, its seventh since the Forum was launched": an apposition
        # to the meeting noun.
        "meeting in a series",
        re.compile(
            rf"\b{_MEETING}\s*,\s+(?:its|their|the\s+[\w-]+['’]s)\s+{_ORD}"
            r"(?=\s*(?:since|so\s+far|to\s+date|in\s+(?:a|the)\s+series|[,.;]))",
            re.IGNORECASE,
        ),
    ),
    (
        # "It was the fifth meeting of the network and the first devoted entirely to migrant smuggling".
        "meeting in a series",
        re.compile(
            rf"\b(?:was|is|marks|marked)\s+(?:also\s+)?(?:the|its)\s+[^.;]{{0,160}}?\band\s+(?:also\s+)?the\s+{_ORD}"
            # "..., and the first on migrant smuggling": "on" a topic places this meeting too.
            r"\s+(?:ever\s+|one\s+)?(?:to\s+be\s+)?(?:devoted|dedicated|on|about|to\s+(?:focus|address|deal))\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "The workshop was the first to focus on air routes", "the first dedicated to sea crossings".
        "meeting in a series",
        re.compile(
            rf"\b{_MEETING}\b[^.;]{{0,60}}?\b(?:was|is)\s+(?:also\s+)?the\s+{_ORD}\s+(?:ever\s+|one\s+)?"
            r"(?:to\s+(?:focus|concentrate|deal|be\s+devoted|be\s+dedicated)|devoted|dedicated)\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "The meeting, the second such gathering, took place in Rome."
        "meeting in a series",
        re.compile(
            rf"\b{_MEETING}\s*,\s+(?:the|its|their)\s+{_ORD}\s+(?:such\s+[a-z]+|of\s+its\s+kind|{_NAME}{_MEETING})"
            r"\s*,\s*(?:[a-z]+\s+){0,2}?(?:took\s+place|was\s+held|opened|met|gathered|convened|brought)\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "The expert group met for the twelfth time".
        "meeting in a series",
        re.compile(
            rf"\b(?:met|meets|convened|convenes|gathered|assembled|was\s+held|took\s+place)\s+for\s+the\s+{_ORD}"
            r"\s+time\b",
            re.IGNORECASE,
        ),
    ),
]
# "The 18th CrimEx meeting was held ...": an ordinal opening the sentence names the meeting the
# sentence reports, when the sentence says the meeting took place.
_OPENING = re.compile(rf"^\W*(?:the\s+)?{_ORD}\s+{_NAME}{_MEETING}\b", re.IGNORECASE)
# Cheap test: no ordinal-looking word, no series ordinal.
_GUARD = re.compile(
    r"[0-9](?:st|nd|rd|th)\b|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|teenth|tenth|eleventh"
    r"|twelfth|tieth|hundredth|inaugural)\b",
    re.IGNORECASE,
)


_OF_ITS_KIND = re.compile(r"\bof\s+its\s+kind\b", re.IGNORECASE)
_MEETING_RE = re.compile(rf"\b{_MEETING}\b|^\W*(?:it|this)\b", re.IGNORECASE)


def _names_a_meeting(text: str, start: int, end: int) -> bool:
    """True when "of its kind" describes a meeting: the sentence names one before it, or right after."""
    return bool(_MEETING_RE.search(text, 0, start) or _MEETING_RE.search(text[end : end + 40]))


# An edition or round of another gathering: a future one ("The tenth edition ... will take place"), or
# a past one placed by its year ("held its eighth edition in Marseille in 2022").
_FUTURE_OR_OTHER = re.compile(
    r"\b(?:will|shall|would|next|previous|last|earlier|future|upcoming|forthcoming|is\s+to\s+be|to\s+be\s+held)\b",
    re.IGNORECASE,
)
_DATED_BY_YEAR = re.compile(r"[^.;,]{0,40}?\bin\s+(?:19|20)[0-9]{2}\b")


# A gathering's history told up to now: "... and has met every year since", "has been held twice since".
_HISTORY_SINCE = re.compile(
    r"\b(?:has|have)\s+(?:met|been\s+held|convened|gathered)\b[^.;]{0,40}?\bsince\b", re.IGNORECASE
)


def _another_edition(text: str, start: int, end: int) -> bool:
    """Whether the edition or round at text[start:end] is another gathering's, not this meeting's."""
    return bool(_FUTURE_OR_OTHER.search(text) or _DATED_BY_YEAR.match(text, end))


def ordinal_value(word: str) -> int:
    """Return the number an ordinal stands for: "18th" -> 18, "Sixth" -> 6, "twenty-first" -> 21."""
    word = word.lower()
    if word == "inaugural":
        return 1
    if word[0].isdigit():
        return int(re.match(r"[0-9]+", word).group())
    parts = re.split(r"[-\s]+", word)
    if len(parts) == 2:
        return 20 + 10 * _TENS.index(parts[0]) + ORDINAL_WORDS[parts[1]]
    return ORDINAL_WORDS[word]


def find_series_ordinals(text: str) -> list[tuple[int, int, int, str]]:
    """Return the ordinals that place the meeting in its series (or a project in its phases).

    Args:
        text: One sentence.

    Returns:
        ``(start, end, value, counted)`` for each, in text order; ``counted`` is "meeting in a
        series", "project phase" or "position in a series". "First" is kept only for a meeting in a series.
    """
    if not text or not _GUARD.search(text):
        return []
    found: dict[int, tuple[int, int, int, str]] = {}
    for counted, pattern in _SERIES_PATTERNS:
        for match in pattern.finditer(text):
            if counted == "position in a series" and _another_edition(text, match.start(), match.end()):
                continue
            if counted == "meeting in a series" and _HISTORY_SINCE.search(text, match.end()):
                continue  # "met for the first time in 2016 and has met every year since": another body's history
            if _OF_ITS_KIND.search(match.group()) and not _names_a_meeting(text, match.start(), match.end()):
                continue  # "the memorandum, the first of its kind": not a meeting
            start, end = match.span("ord")
            found.setdefault(start, (start, end, ordinal_value(match.group("ord")), counted))
    if (match := _OPENING.match(text)) and _HOLDING_VERB.search(text, match.end()):
        start, end = match.span("ord")
        found.setdefault(start, (start, end, ordinal_value(match.group("ord")), "meeting in a series"))
    # "first" counts only where it places a meeting ("the first seminar on air routes", "the first of
    # its kind"): a "first phase" or "first round" is as often an early step as a place in a series.
    return [found[s] for s in sorted(found) if found[s][2] >= 2 or found[s][3] == "meeting in a series"]
