"""The role rules: when a sentence says a named actor took part, and when it only talks about it."""

from __future__ import annotations

import re

# Attendance stated with the list of attendees after the cue.
_LIST_CUE = re.compile(
    r"\b(?:(?:was\s+|were\s+)?attended\s+(?:by|from)|attendees\s+(?:included|were)"
    r"|(?:with\s+the\s+)?participation\s+of"
    r"|represented\s+by|contributions\s+from|discussed\s+with|met\s+with|participants?,?\s+including\s+from)\b",
    re.IGNORECASE,
)
# "representative(s) from/of X" states attendance only when X then speaks, or the sentence is
# about the meeting; otherwise it describes who staffs a body (2018, footnote 9).
_REPRESENTATIVE_CUE = re.compile(r"\brepresentatives?\s+(?:from|of)\b", re.IGNORECASE)
_MEETING_WORDS = re.compile(r"\b(?:attend\w*|participa\w*|meeting|workshop|represented)\b", re.IGNORECASE)
# Attendance stated with the attendees before the cue ("with 25 countries … represented").
_TRAILING_CUE = re.compile(
    r"\b(?:represented(?=\s*(?:[.;,)]|$))|took\s+part\b|participated\b|met\s+(?:to|in|at)\b|were\s+present\b)",
    re.IGNORECASE,
)
# Where a list after a cue ends: a finite verb or a clause mark.
_LIST_END = re.compile(
    r"[;:]|\b(?:gave|provided|presented|highlighted|outlined|explained|stressed|emphasi[sz]ed|informed|marked"
    r"|met|discussed|said|stated|was|were|is|are|has|have|had|took|led|requested|suggested|recommended)\b"
)
_SPEECH_VERB = re.compile(
    r"\b(?:presented|gave\s+(?:an?\s+)?(?:presentation|overview|update|talk|speech|example)"
    r"|provided\s+(?:an?\s+)?(?:overview|update|presentation|practical\s+example|input)"
    r"|highlighted|stressed|emphasi[sz]ed|outlined|explained|described|proposed|suggested|recommended|requested"
    r"|advocated|informed|voiced|expressed|contributed|invited|hosted|organi[sz]ed|convened|chaired|underlined)\b"
)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+|also\s+|further\s+)?$", re.IGNORECASE)
_PASSIVE_BY_CUE = re.compile(
    r"\b(?:presented|given|outlined|explained|delivered|introduced|organi[sz]ed|hosted|convened|chaired)\s+by\s+$",
    re.IGNORECASE,
)
_ORGANISER_NEEDS = re.compile(r"\b(?:organi[sz]ed|hosted|convened|chaired)\s+by\s+$", re.IGNORECASE)
_MEETING_CONTEXT = re.compile(r"\b(?:meeting|workshop|event|conference|session)\b", re.IGNORECASE)
_PERSPECTIVE_BEFORE = re.compile(r"\bfrom\s+an?\s+$", re.IGNORECASE)
_PERSPECTIVE_AFTER = re.compile(r"^\s+perspective\b", re.IGNORECASE)
# Words that end the subject of a verb: the mention before them is not who spoke.
_SUBJECT_BREAK = re.compile(
    r"[.;:]|,\s+(?:a|an|the)\b|\b(?:that|which|who|whom|whose|where|when|while|whereas|because|although|if|but|to"
    r"|with|for|into|between|after|before|since|until|than|against|by|is|are|was|were|has|have)\b"
)
SUBJECT_MAX_WORDS = 20


def participant_spans(sentence: str) -> list[tuple[int, int]]:
    """Return the parts of a sentence in which named actors are stated to take part."""
    spans = []
    for cue in _LIST_CUE.finditer(sentence):
        spans.append((cue.end(), _list_end(sentence, cue.end())))
    for cue in _REPRESENTATIVE_CUE.finditer(sentence):
        end = _list_end(sentence, cue.end())
        stopper = _LIST_END.match(sentence, end) if end < len(sentence) else None
        speaks = stopper is not None and _SPEECH_VERB.match(sentence, end) is not None
        if speaks or _MEETING_WORDS.search(sentence):
            spans.append((cue.end(), end))
    for cue in _TRAILING_CUE.finditer(sentence):
        before = sentence[: cue.start()]
        with_at = max(before.rfind(" with "), before.rfind(";"))
        spans.append((with_at + 1 if with_at >= 0 else 0, cue.start()))
    return spans


def _list_end(sentence: str, start: int) -> int:
    stop = _LIST_END.search(sentence, start)
    return stop.start() if stop else len(sentence)


def _is_speaker(sentence: str, start: int, end: int) -> bool:
    """Whether the actor at sentence[start:end] is the subject of a presentation or speech verb."""
    before = sentence[:start]
    if _PASSIVE_BY_CUE.search(before):
        return not _ORGANISER_NEEDS.search(before) or bool(_MEETING_CONTEXT.search(sentence))
    if _PERSPECTIVE_BEFORE.search(before) and _PERSPECTIVE_AFTER.match(sentence[end:]):
        return True
    for verb in _SPEECH_VERB.finditer(sentence, end):
        gap = sentence[end : verb.start()]
        if _SUBJECT_BREAK.search(gap) or len(gap.split()) > SUBJECT_MAX_WORDS:
            return False
        if _PASSIVE_BEFORE.search(sentence[: verb.start()]):
            continue
        if verb.group().startswith(("hosted", "organis", "organiz", "convened", "chaired")):
            return bool(_MEETING_CONTEXT.search(sentence))
        return True
    return False


def classify_role(sentence: str, start: int, end: int) -> str:
    """Return ``participant`` or ``subject`` for the actor named at sentence[start:end]."""
    if any(s <= start and end <= e for s, e in participant_spans(sentence)):
        return "participant"
    return "participant" if _is_speaker(sentence, start, end) else "subject"
