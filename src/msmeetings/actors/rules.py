"""The role rules: when a sentence says a named actor took part, and when it only talks about it."""

from __future__ import annotations

import re

# Attendance stated with the list of attendees after the cue.
_LIST_CUE = re.compile(
    r"\b(?:(?:was\s+|were\s+)?attended\s+(?:by|from)|attendees\s+(?:included|were)"
    r"|(?:with\s+the\s+)?participation\s+of|in\s+attendance\s+were|participants\s+(?:included|were)"
    r"|(?:co-)?chaired\s+by|as\s+did"
    r"|represented\s+by|contributions\s+from|discussed\s+with|met\s+with|participants?,?\s+including\s+from"
    r"|(?:they|these)\s+included|among\s+(?:them|the\s+participants|those\s+present)\s+were"
    # "Present were delegations from ...", "Joining them as guests were ...", "The meeting welcomed experts from ...".
    r"|(?:also\s+)?present\s+were|as\s+guests?\s+(?:were|was|came)|guests\s+(?:were|included)"
    # "Attending were the Criminal Intelligence Service Austria, ...", "Around the table were twenty-two people".
    r"|(?:also\s+)?attending\s+were|(?:also\s+)?taking\s+part\s+were|around\s+the\s+table\s+(?:were|sat)"
    r"|welcomed\s+(?:\w+\s+){0,3}?(?:experts|delegations?|delegates|participants|representatives|prosecutors|judges"
    r"|officials)\s+(?:from|of)"
    # A follow-up report's sources: "based on the replies of 21 Member States and of Eurojust".
    r"|(?:replies|answers|responses|contributions|input)\s+(?:received\s+)?(?:of|from)"
    r"|(?:participants|delegates|delegations|experts|prosecutors|speakers|attendees|they)\s+(?:also\s+)?came\s+from)\b",
    re.IGNORECASE,
)
# Inside a sentence that states attendance, these also introduce attendees ("…, together with
# Europol"; "delegations of Algeria, Egypt…"; "experts from Italy").
_ATTENDANCE_SENTENCE = re.compile(
    r"\b(?:attend\w*|took\s+part|participated|in\s+attendance"
    r"|participants\s+included|(?:co-)?chaired\s+by|gathered|assembled|brought\s+together)\b",
    re.IGNORECASE,
)
_COMPANION_CUE = re.compile(
    r"\b(?:together\s+with|as\s+well\s+as(?:\s+by)?|along\s+with|alongside"
    r"|(?:delegations?|delegates|experts|prosecutors|judges|officers|officials|practitioners|investigators"
    r"|participants|contact\s+points)\s+(?:of|from))\b",
    re.IGNORECASE,
)
# A list after a colon is a list of attendees when the words before the colon speak of attendance
# ("from the following countries:", "Participants:").
_COLON_LEAD = re.compile(
    r"\b(?:attend\w*|participa\w*|took\s+part|represented|delegations?|following\s+(?:countries|States"
    r"|organi[sz]ations|bodies)|around\s+the\s+table|present\s+were)\b[^:]*:\s*$",
    re.IGNORECASE,
)
# "representative(s) from/of X" states attendance only when X then speaks, or the sentence is
# about the meeting; otherwise it describes who staffs a body (2018, footnote 9).
_REPRESENTATIVE_CUE = re.compile(r"\brepresentatives?\s+(?:from|of)\b", re.IGNORECASE)
_MEETING_WORDS = re.compile(
    r"\b(?:attend\w*|participa\w*|meetings?|workshops?|represented|conferences?|seminars?|sessions?|events?|panels?"
    r"|plenary|moderated|opened|chaired|presented)\b",
    re.IGNORECASE,
)
# Attendance stated with the attendees before the cue ("with 25 countries … represented").
_TRAILING_CUE = re.compile(
    r"\b(?:represented(?=\s*(?:[.;,)]|$))|(?:was|were)\s+(?:also\s+)?represented\b|took\s+part\b|participated\b"
    r"|met\s+(?:to|in|at|for|on)\b|were\s+present\b"
    r"|attended(?!\s+(?:by|from)\b)"
    # "X sent experts", "X sent a delegation": X took part.
    r"|sent\s+(?:(?:an?|two|three|four|five|six|several|its|their|high-level|senior|national|\d+)\s+)*"
    r"(?:(?:border|police|customs|immigration|judicial|law\s+enforcement|liaison)\s+)?(?:delegations?|delegates"
    r"|experts|representatives|officials|prosecutors|analysts|officers|judges|investigators|staff|speakers|a\s+speaker)\b"
    # Invited to speak, in the past ("was invited to present"); "is invited to" is a request, not attendance.
    r"|(?:was|were|had\s+been|has\s+been|have\s+been)\s+invited\s+to\s+(?:present|speak|address|brief|share|describe"
    r"|give|report|outline|introduce|contribute|take\s+part|participate|attend|join)\b"
    # The secretariat, rapporteur or moderator of the meeting or its process.
    # "The Forum, which brings together A and B, held its 11th annual meeting": the body met.
    r"|held\s+(?:its|their)\s+(?:[\w-]+\s+){0,3}?(?:meeting|conference|plenary|session|seminar|workshop|forum)\b"
    r"|(?:acts?|acted|acting|serves?|served|serving)\s+as\s+(?:the\s+|an?\s+|its\s+)?(?:\w+\s+)?(?:secretariat|rapporteur"
    r"|chair|co-chair|moderator|facilitator|host)\b)",
    re.IGNORECASE,
)
# "brought together" lists attendees when it is said of a meeting or of people, not of a case that
# "brought together a number of States" along a route.
# The present tense ("It brings together 45 members") states membership of a process, not attendance.
_TOGETHER_CUE = re.compile(r"\b(?:(?:brought|bringing)\s+together|gathered|assembled)\b", re.IGNORECASE)
_HELD = re.compile(r"\b(?:held|hosted|convened|met|took\s+place|opened)\b", re.IGNORECASE)
_MEMBERS_CUE = re.compile(r"\b(?:brings|bring)\s+together\b", re.IGNORECASE)
_FOLLOWING = re.compile(r"\bthe\s+following\b", re.IGNORECASE)
_GATHERING = re.compile(
    r"\b(?:meeting|workshop|conference|seminar|session|event|plenary|dialogue|forum|colloquium|symposium|round\s+table"
    r"|webinar|course|training)\b",
    re.IGNORECASE,
)
_PEOPLE_NOUNS = re.compile(
    r"\b(?:participants|prosecutors|judges|officers|experts|practitioners|representatives|delegates|delegations"
    r"|officials|investigators|ministers|contact\s+points|members|magistrates|police\s+officers|border\s+guards|analysts"
    r"|lawyers|specialists|delegates|staff)\b",
    re.IGNORECASE,
)
# The organisers of a gathering, and those it names beside them ("organized by X together with Y").
# "co-organised with X", "organized together with X", "in partnership with X" (after an organiser) name co-organisers.
_ORGANISER_CUE = re.compile(
    r"\b(?:(?:co-)?organi[sz]ed|hosted|convened)\s+(?:jointly\s+)?by\b"
    r"|\b(?:co-)?organi[sz]ed\s+(?:jointly\s+|together\s+)?with\b"
    # After the organiser's verb (checked by _PARTNER_AFTER_ORGANISER): "organised by UNODC in partnership with ICMPD".
    r"|\bin\s+(?:close\s+)?(?:partnership|cooperation|collaboration)\s+with\b",
    re.IGNORECASE,
)
# The organisers end where the place, date or a supporter begins ("… in The Hague, with the support of …").
_ORGANISER_END = re.compile(r",|\b(?:in|on|at|under|from|for|during|with\s+the\s+(?:support|help|assistance))\b")
# Observers: "observers from X", "X attended as observers", "X took part as observers".
_OBSERVER_LIST_CUE = re.compile(
    r"\b(?:observers?\s+(?:from|of)|with\s+observer\s+status"
    # The list after the cue: "Joining them as observers were X, Y and Z"; "Observers included X".
    r"|as\s+(?:an?\s+)?observers?\s+(?:were|was|came)|observers\s+(?:were|included|(?:also\s+)?came\s+from))\b",
    re.IGNORECASE,
)
_OBSERVER_COLON = re.compile(r"\bobservers?(?:\s+(?:were|included))?\s*:", re.IGNORECASE)
# Not past a contrast: "Europol took part in the sessions, while UNHCR attended as an observer".
_AS_OBSERVER = re.compile(
    r"(?:(?!,\s+(?:while|whereas)\b|\bbut\b)[^.;])*?\bas\s+(?:an?\s+)?observers?\b", re.IGNORECASE
)
# "Chad attended as an observer, as did the IOM office": those after "as did" observed too.
_AS_DID_OBSERVER = re.compile(r"\bas\s+(?:an?\s+)?observers?\s*,?\s+as\s+(?:did|were|was)\b", re.IGNORECASE)
# "X followed the proceedings as observers", "X joined as an observer", "X was present in an observer capacity":
# those before the attendance verb are observers.
_OBSERVER_CUE = re.compile(
    r"\b(?:as\s+(?:an?\s+)?observers?|in\s+(?:an?\s+|their\s+|its\s+)?observer\s+capacity|with\s+(?:an\s+)?observer\s+status)\b",
    re.IGNORECASE,
)
_OBSERVER_VERB = re.compile(
    r"\b(?:attended|attend|took\s+part|followed|participated|joined|sat|(?:was|were)\s+(?:also\s+)?(?:present|represented"
    r"|invited|admitted)|present)\b",
    re.IGNORECASE,
)
# Funders paid for the meeting and are not thereby taking part.
_FUNDER_CUE = re.compile(
    r"\b(?:(?:co-)?funded|(?:co-)?financed|sponsored|paid\s+for|made\s+possible)\s+by"
    r"|\b(?:(?:co-)?funded|(?:co-)?financed)\s+(?:through|via)"
    r"|\b(?:with|received|receiving|thanks\s+to|through|benefit(?:ed|ing)?\s+from|by\s+means\s+of)\s+(?:the\s+)?"
    r"(?:generous\s+)?(?:financial\s+support|funding|financing|a\s+grant|sponsorship)\s+(?:provided\s+)?(?:of|from|by)\b"
    r"|^(?:funding|financial\s+support)\s+(?:provided\s+)?by\b"
    # "supported by extra-budgetary contributions from Austria", "through voluntary contributions of X".
    r"|\b(?:supported|made\s+possible|financed|funded|paid\s+for)\s+(?:by|through|with)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:contributions?|donations?|grants?)\s+(?:from|of|by)\b",
    re.IGNORECASE,
)
# Where a list after a cue ends: a finite verb or a clause mark.
_LIST_END = re.compile(
    r"[;:]|\b(?:gave|provided|presented|highlighted|outlined|explained|stressed|emphasi[sz]ed|informed|marked"
    r"|met|discussed|said|stated|was|were|is|are|has|have|had|took|led|requested|suggested|recommended"
    r"|reported|described|attended|participated|observed|through|via)\b"
)
# Where a list of payers ends: as _LIST_END, but "through"/"via" name the channel of the money.
_FUNDER_END = re.compile(
    r"[;:]|\b(?:gave|provided|presented|highlighted|outlined|explained|stressed|emphasi[sz]ed|informed|marked"
    r"|met|discussed|said|stated|was|were|is|are|has|have|had|took|led|requested|suggested|recommended"
    r"|reported|described|attended|participated|observed|hosted|organi[sz]ed|convened|chaired|opened)\b"
)
# "Norway financed the workshop": the payer is the subject of the verb.
_FUNDER_VERB = re.compile(
    r"\b(?:(?:co-)?funded|(?:co-)?financed|sponsored|paid\s+for)\s+(?:the\s+|this\s+)?(?:\w+\s+){0,2}?"
    r"(?:meeting|workshop|conference|seminar|session|event|course|training|forum)\b",
    re.IGNORECASE,
)
_SPEECH_VERB = re.compile(
    r"\b(?:presented|gave\s+(?:an?\s+)?(?:presentation|overview|update|talk|speech|example)"
    r"|gave\s+presentations|delivered\s+(?:an?\s+)?(?:presentation|speech|statement|address)"
    r"|provided\s+(?:an?\s+)?(?:overview|update|presentation|practical\s+example|input)"
    r"|highlighted|stressed|emphasi[sz]ed|outlined|explained|described|proposed|suggested|recommended|requested"
    r"|advocated|informed|voiced|expressed|contributed|invited|hosted|organi[sz]ed|convened|chaired|underlined"
    r"|co-chaired|(?:said|stated)(?!\s*:)|reported|noted|recalled|reminded|warned|shared|briefed|announced|called\s+(?:on|for)"
    r"|opened|closed|welcomed|deployed|coordinated|assisted|joined|spoke)\b"
)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+|also\s+|further\s+)?$", re.IGNORECASE)
_PASSIVE_BY_CUE = re.compile(
    r"\b(?:presented|given|outlined|explained|delivered|introduced|organi[sz]ed|hosted|convened|(?:co-)?chaired"
    r"|supported|opened|closed|moderated|facilitated|prepared|coordinated|led)\s+by\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ORGANISER_NEEDS = re.compile(
    r"\b(?:organi[sz]ed|hosted|convened|(?:co-)?chaired|supported|coordinated|led)\s+by\s+(?:the\s+)?$", re.IGNORECASE
)
_MEETING_CONTEXT = re.compile(
    r"\b(?:meetings?|workshops?|events?|conferences?|sessions?|seminars?|plenary|colloquium|symposium|webinar"
    r"|action\s+days?|operations?)\b",
    re.IGNORECASE,
)
_PERSPECTIVE_BEFORE = re.compile(r"\bfrom\s+an?\s+$", re.IGNORECASE)
_PERSPECTIVE_AFTER = re.compile(r"^\s+perspective\b", re.IGNORECASE)
# Words that end the subject of a verb: the mention before them is not who spoke.
_SUBJECT_BREAK = re.compile(
    r"[.;:]|[\"”’]\s*,|,\s*[\"“”]|,\s+(?:a|an|the)\b(?!\s+[A-Z])|\b(?:that|which|who|whom|whose|where|when|while|whereas|because|although|if|but|to"
    r"|with|for|into|between|after|before|since|until|than|against|by|is|are|was|were|has|have)\b"
)
SUBJECT_MAX_WORDS = 20
# The series a gathering belongs to names its organiser: "the second regional workshop of the Platform",
# "a workshop of the Regional Conference on Migration", said of this meeting ("was held", "met").
_ORDINALS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(?:st|nd|rd|th))"
_SERIES_CUE = re.compile(
    r"\b(?:(?:meeting|workshop|conference|seminar|session|plenary|forum|colloquium|symposium|round\s+table|webinar)s?"
    rf"|{_ORDINALS})"
    r"(?:\s+(?:on|for)\s+[^.,;:()]{1,80}?)?\s+of\s+(?:the\s+)?(?=[A-Z])",
    re.IGNORECASE,
)
_SERIES_END = re.compile(r"[,;.(:]|\s(?:was|were|took|held|which|who|will|is|are|has|had|in|at|from|to|and\s+the)\b")
_THIS_MEETING = re.compile(
    r"\b(?:(?:was|were)\s+held|took\s+place|met|(?:was|is)\s+the|hosted|convened|opened|gathered|brought\s+together)\b",
    re.IGNORECASE,
)
_NOT_THIS_MEETING = re.compile(r"\b(?:next|will\s+be|future|forthcoming|upcoming|previous|last)\b", re.IGNORECASE)
_OTHER_MEETING = re.compile(
    r"\b(?:next|previous|last|later|future|forthcoming|upcoming|will|would|shall|earlier|former)\b", re.IGNORECASE
)
# A Presidency or Chairmanship named by its state's adjective is this meeting's unless it is another's.
_PRESIDENCY_AFTER = re.compile(r"\s+(?i:(?:Co-)?(?:Presidency|Chairmanship|Chairpersonship|Chair))\b")
_OTHER_PRESIDENCY = re.compile(
    r"\b(?:incoming|next|outgoing|previous|former|future|forthcoming|upcoming|following|succeeding|last|preceding)\s+"
    r"(?:\w+\s+)?$"
    # "after the one organised by the Czech Presidency": another gathering's Presidency.
    r"|\b(?:after|before|like|as\s+did)\s+(?:the\s+)?(?:one|those|that)\s+(?:\w+\s+)?(?:organi[sz]ed|held|hosted|convened)"
    r"\s+by\s+(?:the\s+)?$"
    # "In 2016 the Netherlands Presidency asked ...": a Presidency placed by a year before it, another's.
    r"|^\W*(?:\d{1,2}\.\s+)?In\s+(?:\w+\s+)?(?:19|20)\d\d,?\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "the Swedish Presidency of 2009", "the Swedish Presidency seminar held in Malmö in 2009": another year's Presidency.
_PRESIDENCY_DATED = re.compile(
    r"^\s+\S+(?:\s+of\s+the\s+[\w ]+?)?\s+(?:of|in)\s+(?:\w+\s+)?(?:19|20)\d\d\b"
    r"|^\s+(?:(?!(?:of|in|on)\b)[\w-]+\s+){1,3}?in\s+(?:\w+\s+){0,2}?in\s+(?:19|20)\d\d\b"
)
# A state's services acting in a case or an operation: "Greek authorities arrested", "police in X and Y carried out".
_AUTHORITY_NOUNS = (
    r"(?:authorities|police|prosecutors?|investigators|officers|judges|border\s+guards|prosecution\s+services?"
    r"|law\s+enforcement(?:\s+agencies)?|customs|gendarmerie|coast\s+guards?|delegation|Minister\w*|Ministry|Government"
    r"|government)"
)
_ACTION_VERBS = (
    r"(?:arrested|dismantled|carried\s+out|conducted|searched|seized|executed|assisted|coordinated|deployed|joined"
    r"|detained|charged|froze|raided|intercepted|rescued|prosecuted|convicted|investigated|cooperated|took\s+part"
    r"|participated|identified|led|opened|presented|reported|explained|described|stressed|outlined|noted|said|shared)"
)
_LIST_REST = r"(?:(?:,\s*|,?\s+and\s+)(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*"
_AUTHORITY_AFTER = re.compile(rf"\s+(?:\w+\s+)?{_AUTHORITY_NOUNS}\b(?:\s+\w+){{0,2}}?\s+(?:also\s+)?{_ACTION_VERBS}\b")
_AUTHORITY_BEFORE = re.compile(
    rf"\b{_AUTHORITY_NOUNS}\s+(?:in|of|from)\s+(?:the\s+)?(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?:,\s*|,?\s+and\s+)(?:the\s+)?)*$"
)
_LIST_THEN_ACTION = re.compile(rf"{_LIST_REST}\s+(?:also\s+)?{_ACTION_VERBS}\b")
# A dated or other meeting as the subject: "The Europol meeting of March 2019 recommended" is not Europol speaking.
_GATHERING_WORD = re.compile(r"\b(?:meeting|conference|seminar|workshop|session|plenary|forum)s?\b", re.IGNORECASE)
_DATED = re.compile(
    r"\b(?:(?:19|20)\d\d|January|February|March|April|May|June|July|August|September|October|November|December|held"
    r"|previous|last|earlier)\b"
)


_ORGANISER_VERB_BEFORE = re.compile(r"\b(?:organi[sz]ed|hosted|convened|held)\b[^.;]{0,80}$", re.IGNORECASE)
_ANOTHER_GATHERING_BEFORE = re.compile(r"\b(?:the\s+)?(?:one|ones|those|that)\s+(?:\w+\s+)?$", re.IGNORECASE)
_INSIDE_NAME = re.compile(r"[A-Z][\w'’-]*\s+$")
_NAME_GOES_ON = re.compile(r"\s+(?:the\s+)?[A-Z]")


def _organiser_end(sentence: str, start: int) -> re.Match | None:
    """Where the organisers named from start end.

    "for" or "on" between capitalised words is inside a name ("Organization for Migration", "Office on Drugs
    and Crime") and does not end them; "in", "at" and "from" still do ("Eurojust in The Hague").
    """
    stop = _ORGANISER_END.search(sentence, start)
    while (
        stop is not None
        and stop.group(0) in ("for", "on")
        and _INSIDE_NAME.search(sentence, start, stop.start())
        and _NAME_GOES_ON.match(sentence, stop.end())
    ):
        stop = _ORGANISER_END.search(sentence, stop.end())
    return stop


def participant_spans(sentence: str) -> list[tuple[int, int]]:
    """Return the parts of a sentence in which named actors are stated to take part."""
    spans = []
    if _THIS_MEETING.search(sentence) and not _OTHER_MEETING.search(sentence):
        for cue in _SERIES_CUE.finditer(sentence):
            stop = _SERIES_END.search(sentence, cue.end())
            spans.append((cue.end(), stop.start() if stop else len(sentence)))
    for cue in _LIST_CUE.finditer(sentence):
        spans.append((cue.end(), _list_end(sentence, cue.end())))
    if _GATHERING.search(sentence) and not _NOT_THIS_MEETING.search(sentence):
        for cue in _ORGANISER_CUE.finditer(sentence):
            if _ANOTHER_GATHERING_BEFORE.search(sentence, 0, cue.start()):
                continue  # "after the one organised by the Czech Presidency": another gathering's organiser
            if cue.group(0).lower().startswith("in") and not _ORGANISER_VERB_BEFORE.search(sentence, 0, cue.start()):
                continue  # "in cooperation with Europol, Spain arrested ...": no organiser named before
            stop = _organiser_end(sentence, cue.end())
            spans.append((cue.end(), min(_list_end(sentence, cue.end()), stop.start() if stop else len(sentence))))
    for cue in _TOGETHER_CUE.finditer(sentence):
        end = _list_end(sentence, cue.end())
        if _GATHERING.search(sentence, 0, cue.start()) or _PEOPLE_NOUNS.search(sentence, cue.end(), end):
            spans.append((cue.end(), end))
    if _ATTENDANCE_SENTENCE.search(sentence):
        for cue in _COMPANION_CUE.finditer(sentence):
            spans.append((cue.end(), _list_end(sentence, cue.end())))
    colon = sentence.find(":")
    if colon >= 0 and _COLON_LEAD.search(sentence[: colon + 1]):
        spans.append((colon + 1, len(sentence)))
        # The group whose members follow took part too: "represented the following SADC Member States:".
        following = _FOLLOWING.search(sentence, 0, colon)
        if following:
            spans.append((following.start(), colon))
    # A body that "brings together" its members and held this meeting: the members met.
    if _HELD.search(sentence) and not _OTHER_MEETING.search(sentence):
        for cue in _MEMBERS_CUE.finditer(sentence):
            spans.append((cue.end(), _list_end(sentence, cue.end())))
    for cue in _REPRESENTATIVE_CUE.finditer(sentence):
        end = _list_end(sentence, cue.end())
        stopper = _LIST_END.match(sentence, end) if end < len(sentence) else None
        speaks = stopper is not None and _SPEECH_VERB.match(sentence, end) is not None
        if speaks or _MEETING_WORDS.search(sentence):
            spans.append((cue.end(), end))
    for cue in _TRAILING_CUE.finditer(sentence):
        spans.append((_clause_start(sentence, cue.start()), cue.start()))
    return spans


# A lead-in whose list of attendees comes after it, in the next sentence or the next list items:
# "Delegations from the following States took part:" / "The following countries were represented."
_LEAD_COLON = re.compile(r":\s*$")
_LEAD_FOLLOWING = re.compile(
    r"\bthe\s+following\b[^.:;]*\b(?:attend\w*|participa\w*|took\s+part|(?:were|was)\s+(?:also\s+)?(?:represented"
    r"|present)|sent\s+(?:delegations?|delegates|experts|representatives))\b[^.:;]*[.:]\s*$",
    re.IGNORECASE,
)

# Stricter than _COLON_LEAD ("Participants recommended:" leads to items, not to attendees).
_LEAD_ATTENDANCE_COLON = re.compile(
    r"\b(?:attend(?:ed|ance|ees)|took\s+part|participated|(?:were|was)\s+(?:also\s+)?represented"
    r"|participants\s+(?:were|included)|came\s+from|the\s+following\s+(?:countries|States|delegations"
    r"|organi[sz]ations|bodies|institutions|agencies)"
    # "Delegations came as follows:", "Participants were as follows:".
    r"|(?:delegations?|delegates|participants|attendees|representatives)\b[^:.;]*\bas\s+follows)\b[^:]*:\s*$",
    re.IGNORECASE,
)


def attendance_lead(sentence: str) -> str:
    """Whether a sentence announces attendees listed after it: ":" (list items follow), "." (next sentence), or ""."""
    if _LEAD_FOLLOWING.search(sentence):
        return ":" if _LEAD_COLON.search(sentence) else "."
    if _LEAD_ATTENDANCE_COLON.search(sentence):
        return ":"
    return ""


def observer_spans(sentence: str) -> list[tuple[int, int]]:
    """Return the parts of a sentence naming observers ("observers from X", "X attended as observers")."""
    spans = [(cue.end(), _list_end(sentence, cue.end())) for cue in _OBSERVER_LIST_CUE.finditer(sentence)]
    # "Observers: UNHCR, IOM."
    colon = _OBSERVER_COLON.search(sentence)
    if colon:
        spans.append((colon.end(), len(sentence)))
    for cue in _TRAILING_CUE.finditer(sentence):
        if _AS_OBSERVER.match(sentence, cue.end()):
            spans.append((_clause_start(sentence, cue.start()), cue.start()))
    for cue in _AS_DID_OBSERVER.finditer(sentence):
        spans.append((cue.end(), _list_end(sentence, cue.end())))
    for cue in _OBSERVER_CUE.finditer(sentence):
        start = _clause_start(sentence, cue.start())
        verb = _OBSERVER_VERB.search(sentence, start, cue.start())
        if verb:
            spans.append((start, verb.start()))
    return spans


def funder_spans(sentence: str) -> list[tuple[int, int]]:
    """Return the parts of a sentence naming who paid for the meeting ("funded by X").

    The list runs on over the channel and a second payer: "financed by the Government of Ireland,
    through Irish Aid, and by the Foundation".
    """
    spans = []
    for cue in _FUNDER_CUE.finditer(sentence):
        stop = _FUNDER_END.search(sentence, cue.end())
        spans.append((cue.end(), stop.start() if stop else len(sentence)))
    for cue in _FUNDER_VERB.finditer(sentence):
        if not _PASSIVE_BEFORE.search(sentence[: cue.start()]):
            spans.append((_clause_start(sentence, cue.start()), cue.start()))
    return spans


def _clause_start(sentence: str, cue_start: int) -> int:
    """Where the attendees before a trailing cue begin: after the last "with" or clause mark."""
    before = sentence[:cue_start]
    with_at = max(before.rfind(" with "), before.rfind(";"), before.rfind(":"))
    at = with_at + 1 if with_at >= 0 else 0
    contrast = max(before.rfind(", while "), before.rfind(", whereas "), before.rfind(" but "))
    return max(at, contrast + 1) if contrast >= 0 else at


def _list_end(sentence: str, start: int) -> int:
    stop = _LIST_END.search(sentence, start)
    return stop.start() if stop else len(sentence)


def _is_speaker(sentence: str, start: int, end: int) -> bool:
    """Whether the actor at sentence[start:end] is the subject of a presentation or speech verb."""
    before = sentence[:start]
    if _PASSIVE_BY_CUE.search(before):
        if _ORGANISER_NEEDS.search(before) and _NOT_THIS_MEETING.search(sentence):
            return False
        # "after the one organised by the Czech Presidency": another gathering's organiser.
        cue = _PASSIVE_BY_CUE.search(before)
        if _ORGANISER_NEEDS.search(before) and _ANOTHER_GATHERING_BEFORE.search(before, 0, cue.start()):
            return False
        return not _ORGANISER_NEEDS.search(before) or bool(_MEETING_CONTEXT.search(sentence))
    if _PERSPECTIVE_BEFORE.search(before) and _PERSPECTIVE_AFTER.match(sentence[end:]):
        return True
    if _acting_authority(sentence, start, end):
        return True
    for verb in _SPEECH_VERB.finditer(sentence, end):
        gap = sentence[end : verb.start()]
        if _SUBJECT_BREAK.search(gap) or len(gap.split()) > SUBJECT_MAX_WORDS:
            return False
        if _GATHERING_WORD.search(gap) and _DATED.search(gap):
            return False
        if _PASSIVE_BEFORE.search(sentence[: verb.start()]):
            continue
        if verb.group().startswith(("hosted", "organis", "organiz", "convened", "chaired")):
            return bool(_MEETING_CONTEXT.search(sentence))
        return True
    return False


def _acting_authority(sentence: str, start: int, end: int) -> bool:
    """Whether the state at sentence[start:end] acts through its services.

    "German police arrested", "authorities in France and Spain carried out".
    """
    if _AUTHORITY_AFTER.match(sentence, end):
        return True
    return bool(_AUTHORITY_BEFORE.search(sentence[:start]) and _LIST_THEN_ACTION.match(sentence, end))


def _own_presidency(sentence: str, start: int, end: int) -> bool:
    """Whether an adjective names this meeting's Presidency or Chairmanship ("under the Estonian Chairmanship")."""
    return bool(
        _PRESIDENCY_AFTER.match(sentence, end)
        and not _OTHER_PRESIDENCY.search(sentence[:start])
        and not _PRESIDENCY_DATED.match(sentence, end)
    )


def classify_role(sentence: str, start: int, end: int) -> str:
    """Return the role (one of ``ROLES``) of the actor named at sentence[start:end].

    Funding and observing are read first, since a sentence that names a funder or an observer
    usually also speaks of attendance ("Observers from ECOWAS also attended").
    """

    def _inside(spans: list[tuple[int, int]]) -> bool:
        return any(s <= start and end <= e for s, e in spans)

    if _inside(funder_spans(sentence)):
        return "funder"
    if _inside(observer_spans(sentence)):
        return "observer"
    if _inside(participant_spans(sentence)) or _own_presidency(sentence, start, end):
        return "participant"
    return "participant" if _is_speaker(sentence, start, end) else "subject"
