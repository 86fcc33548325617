"""Wording rules: what makes an item, who it addresses, and the cues a later passage is read for.

Each rule is a regular expression or a small function over one text; extraction (extract.py) and
follow-through (followthrough.py) apply them. Nothing here depends on a particular document.
"""

from __future__ import annotations

import functools
import re

KINDS = ("recommendation", "conclusion", "proposal", "challenge")


VERDICTS = ("implemented", "reiterated", "recurring", "mentioned", "not_found")


CUE_VERDICTS = ("implemented", "reiterated", "recurring")


ITEM_KINDS = frozenset({"paragraph", "bullet", "list_item"})


TEXT_KINDS = frozenset({"paragraph", "bullet", "list_item", "footnote"})


# Who a recommendation is addressed to: the actors the documents name as doing something.
ADDRESSEES = (
    ("national authorities", r"national (?:judicial )?authorities"),
    ("Member States", r"(?:EU )?Member States"),
    ("EU legislators", r"EU legislators"),
    ("European Commission", r"(?:the )?European Commission|(?:(?<=^)|(?<=the ))Commission"),
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
    r"develop|work\s+together|take\s+inspiration)\b"
    # An offer of support is a commitment: "IOM offered to train coast guard officers" (an offer to host a
    # meeting is the calendar, see BOILERPLATE_RES).
    r"|\boffer(?:s|ed)?\s+to\s+(?!host\b)(?:[a-z]+)\b",
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
    r"introduced|adopted|signed|implemented|organi[sz]ed|held|achieved|deployed|done|published|completed|issued)|"
    r"(?:newly|recently)\s+(?:created|established|set\s+up|launched|signed|introduced|appointed|adopted)|"
    r"launched|established|set\s+up|signed|appointed|published|issued|took\s+place)\b",
    re.IGNORECASE,
)


_NOT_DONE_BEFORE = re.compile(
    r"\b(?:be|to|will|would|can|could|should|must|may|might|shall|not|no|yet|never|is|are|deciding|when|"
    r"possib\w*|aim\w*|intend\w*|plan\w*|invited|encouraged|hope\w*|wish\w*|that)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)


# The wording of each verdict, for the methods section.
CUE_DESCRIPTIONS = {
    "implemented": "reported done: has/was set up, established, created, launched, appointed, introduced, adopted, "
    "signed, implemented, organised, held, done, published, completed, issued; newly/recently created...; launched, "
    "established, set up, signed, appointed, published, took place (not after a modal, 'to', 'be', a negation, "
    "'possible', 'aim', 'plan' or 'invited'; not 'positive outcomes were achieved'); only for an item that asks for "
    "something; the clause of the cue names the item's object (two specific words, not the addressee's name, "
    "and the same kind of thing: a network is not a guide, a training is not the tool it teaches, a "
    "'Mediterranean' network is not a 'West African' one), or the best passage reports made a thing of the kind "
    "the item asks to create, made by a body the item names or none, in the item's series unless the passage points "
    "back to the item; in a follow-up report, the sentences after an "
    "earlier ask retold say what became of it, and count for an item only when the ask is dated to the item's own "
    "meeting; a list item under a lead-in that recommends or asks is an ask, never a report of something done",
    "reiterated": "asked for again: should, must, need(s) to, the need, call(ed) for/on, encourage(d), invite(d), "
    "once more, recommend(ed), urge(d), propose(d), suggest(ed), advocate(d), requested, necessity to, reiterate, "
    "again recommends/urges; is essential/vital/crucial/necessary/pivotal, importance of; only for an item that asks "
    "for something, with the same object (as for implemented, read from the cue to the end of the sentence); not an "
    "earlier meeting's ask retold, not a bare lead-in, not the same ask put to another organisation; at a meeting "
    "of another series (another organiser or process; each EU Presidency its own), only when the passage points back "
    "to the item (again, once more, renews, repeats; the item's year, place or process, and no other meeting's "
    "place) or names its object in four specific words; a heading kept as an item is never asked again",
    "recurring": "problem raised again: challenge(s), obstacle, difficult(y), lack of, barrier, hindrance, hinder, "
    "concern, problem, complicated, undisturbed, only ... lower-level, not investigated/prosecuted/shared "
    "(not 'identify/discuss challenges', 'challenges and best practices', 'overcome the obstacles'); only for an "
    "item that names a problem, and the sentence names the same one (two specific words)",
    "mentioned": "a similar passage (score at least the threshold) without any of these cues, or with a cue whose "
    "object is not the item's (fewer than two specific words in common, a kind word and its kind counted once, "
    "another kind of thing, another name)",
    "not_found": "no passage of the later meeting scores at least the threshold",
}


_EMPHASIS_RE = re.compile(
    r"\b(?:is|are|was|were)\s+(?:\w+\s+)?(?:essential|vital|crucial|necessary|pivotal|instrumental)\b|\bimportance\s+of\b",
    re.IGNORECASE,
)


_LEAD_RECOMMEND_RE = re.compile(r"\brecommend", re.IGNORECASE)


_LEAD_CONCLUDE_RE = re.compile(r"\b(?:conclu\w*|outcomes?|agreed|way\s+forward|results?)\b", re.IGNORECASE)


# Only in a lead-in that ends with a colon: "The Ministers therefore decided:", "The delegates resolved:".
_LEAD_DECIDE_RE = re.compile(r"\b(?:decid\w*|resolv\w*|committed|undert(?:ook|ake)|determined)\b", re.IGNORECASE)


# Only in a lead-in that ends with a colon: "The ministers called upon:", "Ministers urged:".
_LEAD_ASK_RE = re.compile(
    r"\b(?:call(?:s|ed)?\s+(?:on|upon)|urg(?:e|es|ed)|invit(?:e|es|ed)|ask(?:s|ed)|request(?:s|ed)|"
    r"encourag(?:e|es|ed))\b",
    re.IGNORECASE,
)


_WILL_RE = re.compile(r"\bwill\b", re.IGNORECASE)


_HEADING_CONCLUSION_RE = re.compile(
    r"\b(?:conclusions?|way\s+forward|outcomes?|next\s+steps|follow-up)\b", re.IGNORECASE
)


_HEADING_RECOMMENDATION_RE = re.compile(r"\brecommendations?\b", re.IGNORECASE)


# A follow-up report's sections on what became of earlier recommendations: "Recommendations
# implemented", "Recommendations still open", "Status of the recommendations".
_HEADING_FOLLOWUP_RE = re.compile(
    r"\b(?:implemented|open|restated|pending|outstanding|status|progress|taken\s+up|followed\s+up|carried\s+out|"
    r"done|reviewed|achieved|completed)\b",
    re.IGNORECASE,
)


_SENTENCE_STOP_RE = re.compile(r"[.!?]['\"’”)]*\s*$")


_CONTEXT_SECTION_RE = re.compile(r"\b(?:background|purpose)\b", re.IGNORECASE)


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


def classify_lead_in(text: str) -> tuple[str | None, str]:
    """Return (kind of the items a lead-in introduces, addressee), or (None, "") for a list of topics."""
    addressee = find_addressee(text, lead_in=True)
    if _ADDRESSEE_RES[0].search(text):
        return "recommendation", addressee
    colon = text.rstrip().endswith(":")
    if _LEAD_RECOMMEND_RE.search(text) or (colon and _LEAD_ASK_RE.search(text)):
        return "recommendation", addressee
    if _LEAD_PROPOSAL_RE.search(text):
        return "proposal", addressee
    if _LEAD_CONCLUDE_RE.search(text) or (colon and _LEAD_DECIDE_RE.search(text)):
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


# Asking, in the past or present: "asked for model forms", "asked the secretariat to prepare", "welcomed the
# proposal of X to ...". Extraction only: in a later passage these retell an ask rather than make it.
ASK_RE = re.compile(
    r"\b(?:ask(?:s|ed)|to\s+ask)\s+(?:for\b|(?:[\w'’()-]+\s+){1,8}?to\s+[a-z]+)|"
    r"\bwelcom(?:e|es|ed)\s+the\s+(?:\w+\s+)?(?:proposal|initiative|offer)s?\b|"
    r"\b(?:reiterat(?:e|es|ed)|restat(?:e|es|ed)|renew(?:s|ed)?)\s+(?:its\s+|their\s+|our\s+|the\s+|this\s+|that\s+)?"
    r"(?:call|recommendation|request|appeal|that)\b|"
    # "The Presidency supports once more the request that the Secretariat prepare a model form".
    r"\b(?:support(?:s|ed)?|endors(?:e|es|ed))\s+(?:once\s+(?:more|again)\s+|again\s+)?the\s+(?:\w+\s+)?"
    r"(?:request|call|proposal|recommendation)\s+(?:that|to|for)\b",
    re.IGNORECASE,
)
_ASK_PROPOSAL_RE = re.compile(r"\bask(?:s|ed)\s+for\b|\b(?:proposal|initiative|offer)s?\b", re.IGNORECASE)


# A need named as the topic of a discussion is not a call: "The ministers discussed the need to ...".
_TOPIC_BEFORE_RE = re.compile(
    r"\b(?:discussed|debated|examined|explored|exchanged\s+views\s+on|talked\s+about)\b[^.;]*$",
    re.IGNORECASE,
)
_NOUN_CUE_RE = re.compile(r"^(?:the|a|is|there\s+is)?\s*(?:\w+\s+)?need\b|^need\s+for|^necessity", re.IGNORECASE)


# An ask described as a practice, not made: "the ferry companies are seldom asked for the booking data".
_PRACTICE_BEFORE_RE = re.compile(
    r"\b(?:seldom|rarely|never|not|often|usually|routinely|sometimes|frequently|always)\s+$", re.IGNORECASE
)


def calls_for_action(text: str) -> str:
    """Return the first cue in a text that calls for action or announces a plan, or ""."""
    for match in CALL_RE.finditer(text):
        if _NOUN_CUE_RE.search(match.group(0)) and _TOPIC_BEFORE_RE.search(text[: match.start()]):
            continue
        return match.group(0)
    for match in ASK_RE.finditer(text):
        if not _PRACTICE_BEFORE_RE.search(text, 0, match.start()):
            return match.group(0)
    match = PLAN_RE.search(text)
    return match.group(0) if match else ""


# What the meeting itself concluded or decided, in running text: "The experts agreed that ...",
# "At the end of the meeting the participants agreed to ...", "Participants considered that ...".
_CONCLUDER = (
    r"(?:participants|delegates|delegations|ministers|experts|members|speakers|attendees|co-chairs|chairs?|"
    r"meeting|conference|workshop|seminar|group|network|they|contact\s+points|prosecutors|practitioners|"
    # An intergovernmental meeting's members: "the participating states agreed to designate ...".
    r"states|countries|governments|parties|forum)"
)
CONCLUSION_RE = re.compile(
    # An opening may hold a decimal number ("Under operational action 2.3 of the EMPACT Plan 2024, ...").
    rf"^(?:(?:[^.;:]|\.(?=\d)){{0,100}}?\s)?(?:the\s+)?(?:[\w'’-]+\s+){{0,3}}?{_CONCLUDER}\s+"
    r"(?:(?:also|further|therefore|then|unanimously|jointly|finally)\s+)?"
    r"(?:agreed|concluded|decided|considered\s+that|resolved|committed\s+(?:themselves\s+)?to|undertook|"
    r"determined\s+to)\b",
    re.IGNORECASE,
)


def states_conclusion(text: str) -> str:
    """Return the words by which a text reports what the meeting agreed, concluded or decided, or ""."""
    match = CONCLUSION_RE.search(" ".join(text.split()))
    return match.group(0) if match else ""


def _call_kind(text: str) -> str:
    plan_only = PLAN_RE.search(text) and not CALL_RE.search(text) and not ASK_RE.search(text)
    ask = ASK_RE.search(text)
    asked_for = ask and _ASK_PROPOSAL_RE.search(ask.group(0)) and not CALL_RE.search(text)
    return "proposal" if PROPOSAL_RE.search(text) or plan_only or asked_for else "recommendation"


def _refine(kind: str, text: str) -> str:
    if kind != "conclusion":
        return kind
    if calls_for_action(text):
        return _call_kind(text)
    if names_challenge(text):
        return "challenge"
    return kind


# An aim or a possibility a few words before: "aim to have a platform established", "it is possible to have ... signed".
_INTENT_BEFORE = re.compile(
    r"\b(?:aim\w*|intend\w*|plan\w*|hope\w*|wish\w*|possib\w*|would\s+like|to\s+have|to\s+get|"
    r"recommend\w*\s+that|asked|request\w*|call\w*\s+(?:on|for))\b(?:\s+[\w'’-]+){0,4}\s+$",
    re.IGNORECASE,
)
# Not a report that the thing asked for was done: a generic success ("positive outcomes were achieved").
_GENERIC_DONE_RE = re.compile(
    r"\b(?:positive\s+|good\s+|concrete\s+)?(?:outcomes?|results?|progress|successes)\s+(?:were|was|has\s+been|have\s+been)\s+"
    r"(?:\w+\s+)?achieved\b",
    re.IGNORECASE,
)


# Asked again in so many words: "We reiterate the recommendation", "the Presidency again urges".
_REITERATE_RE = re.compile(
    r"\b(?:reiterat(?:e|es|ed|ing)|restat(?:e|es|ed|ing)|again\s+(?:recommend|call|urg|ask|invit|request|encourag|support)\w*|"
    # "The Presidency renews this call", "once again supports the request".
    r"renew(?:s|ed)?\s+(?:this|that|the|its|their|our)\s+(?:call|request|recommendation|appeal)|"
    # "The Presidency supports once more the request", "repeats the call on all INTERPOL member countries".
    r"once\s+(?:more|again)|repeat(?:s|ed)?\s+(?:this|that|the|its|their|our)\s+(?:call|request|recommendation|appeal))\b",
    re.IGNORECASE,
)


def cue_verdicts(text: str) -> dict[str, str]:
    """Return, per cue verdict, the first cue found in a text (only verdicts with a cue)."""
    return dict(_cue_verdicts(text))


# Passages are read again for every item they are matched against: read each text once.
@functools.lru_cache(maxsize=65536)
def _cue_verdicts(text: str) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    generic = [m.span() for m in _GENERIC_DONE_RE.finditer(text)]
    for match in _DONE_RE.finditer(text):
        if any(a <= match.start() < b for a, b in generic):
            continue
        before = text[max(0, match.start() - 60) : match.start()]
        if not _NOT_DONE_BEFORE.search(before) and not _INTENT_BEFORE.search(before):
            found["implemented"] = match.group(0)
            break
    call = CALL_RE.search(text) or _EMPHASIS_RE.search(text) or _REITERATE_RE.search(text)
    if call:
        found["reiterated"] = call.group(0)
    problem = names_challenge(text)
    if problem:
        found["recurring"] = problem
    return tuple(found.items())


# --- boilerplate: text that is never an item, whatever its wording ---------------------------------

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = (
    rf"(?:\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTHS}\s+\d{{4}}|"
    rf"{_MONTHS}\s+\d{{1,2}}(?:\s*(?:[-–]|to)\s*\d{{1,2}})?,\s+\d{{4}})"
)
_MEETING_NOUN = (
    r"(?:meeting|seminar|conference|workshop|plenary|session|summit|forum|declaration|statement|round\s?table|"
    r"consultation|dialogue)s?"
)
_EARLIER = rf"(?:\b(?:19|20)\d\d\b|\b(?:same|previous|last|earlier|former|preceding|past)\b|\b{_MONTHS}\b)"
_HISTORY_RE = re.compile(
    # A paragraph number may open it ("C.2 In 2023 the Split conference agreed that ...").
    rf"^(?:[A-Z]?\d{{0,2}}(?:\.\d{{1,2}})*\.?\s+)?"
    rf"(?P<when>In\s+(?:\w+\s+)?(?:19|20)\d\d,?\s+)?(?:the|an?|that|its)\s+(?P<subject>(?:(?!that\s)[\w'’()-]+\s+){{0,6}}?"
    rf"{_MEETING_NOUN}(?:\s+(?:of|in|held\s+in|at|on)\s+[^,;.:]{{1,40}}?)?)\s+(?:had\s+)?(?:also\s+)?"
    r"(?:proposed|recommended|asked|called|invited|urged|suggested|requested|encouraged|agreed|decided|concluded)\b",
    re.IGNORECASE,
)


class _History:
    """An earlier meeting as the subject of a past ask: the subject or an opening "In 2014," dates it."""

    def search(self, text: str):
        match = _HISTORY_RE.search(text)
        if match and (match.group("when") or re.search(_EARLIER, match.group("subject"), re.IGNORECASE)):
            return match
        return None


BOILERPLATE_RES = (
    # The cover note of a Council document: "Delegations will find attached the outcome report".
    (
        "cover note",
        re.compile(
            r"\bDelegations\s+will\s+find\b|\bfind\s+(?:attached|(?:in\s+)?annex)\b|"
            r"\btransmits?\s+(?:herewith\s+)?to\s+(?:the\s+)?delegations\b|\binvited\s+to\s+take\s+note\b|"
            # The note's request to the Council's working party: "Delegations are invited to comment on ...".
            r"^Delegations\s+are\s+(?:hereby\s+|therefore\s+)?(?:invited|requested|asked)\s+to\s+(?:comment|agree"
            r"|approve|endorse|examine|discuss|consider|send|submit|provide|indicate|express)\b|"
            # Any body asked to handle the document itself: "The Working Party is invited to examine the
            # suggestions in Part III with a view to their submission to CATS".
            r"\b(?:invited|requested|asked)\s+to\s+(?:examine|discuss|consider|endorse|approve|note|take\s+note\s+of)\s+"
            r"(?:the|this|these|the\s+attached|the\s+above)\s+(?:[\w-]+\s+){0,2}?(?:suggestions|conclusions|report|note"
            r"|document|outcome|proposals|text|draft|recommendations|findings|annex|paper)\b[^.;]{0,80}?"
            r"\bwith\s+a\s+view\s+to\b|\bwith\s+a\s+view\s+to\s+(?:their|its)\s+(?:submission|transmission|forwarding)\s+to\b",
            re.I,
        ),
    ),
    # An earlier meeting's ask retold (a follow-up report): "The Lisbon conference of May 2021 proposed ...",
    # "The same meeting asked ...", "In 2014, the regional seminar called on ...". Not "This meeting
    # recommended", nor a present ask that cites one ("We reiterate the call of the 2019 meeting").
    ("history", _History()),
    # Who took part: "The meeting was co-chaired by A and B and attended by ...", "It brought together 40 judges".
    (
        "participation",
        re.compile(
            r"\b(?:was|were)\s+(?:co-)?(?:chaired|opened|attended|hosted)\s+by\b|\bbrought\s+together\b|"
            r"\b(?:gathered|attracted)\s+(?:some\s+|about\s+|over\s+)?\d|"
            # Who was invited and whether they came: "X was invited but did not send a delegation",
            # "X were invited as neighbouring States and sent two officials each".
            r"\b(?:was|were|had\s+been|has\s+been|have\s+been)\s+invited\s+(?:as\b|but\b)|\bdid\s+not\s+send\b|"
            r"\b(?:and|but)\s+sent\s+(?:\w+\s+){0,3}?(?:delegations?|delegates|officials|experts|representatives"
            r"|officers|prosecutors|judges)\b",
            re.I,
        ),
    ),
    # A dated past act retold (a follow-up note): "In 2016 the Netherlands Presidency asked Europol to ...",
    # "In September 2020 the Commission issued guidance ...". Not "In 2025, States should ...".
    (
        "history",
        re.compile(
            rf"^(?:[A-Z]?\d{{0,2}}(?:\.\d{{1,2}})*\.?\s+)?In\s+(?:(?:early|late|mid-?)\s*)?(?:{_MONTHS}\s+)?(?:19|20)\d\d,?\s+"
            r"(?:[\w'’()-]+\s+){1,8}?(?:(?:had|has|have)\s+)?(?:also\s+|likewise\s+|already\s+|first\s+)?"
            r"(?:issued|published|adopted|launched|set\s+up|established|created|held|organi[sz]ed|signed|opened|presented"
            r"|asked|requested|called|invited|urged|proposed|recommended|suggested|agreed|decided|concluded)\b",
            re.I,
        ),
    ),
    # An earlier proposal dated and said to exist or to have happened: "The informal network of practitioners
    # proposed at Eurojust in 2018 exists: ...".
    (
        "history",
        re.compile(
            r"^(?:The|An?)\s+[^,;:.]{3,80}?\s(?:proposed|recommended|requested|suggested|called\s+for|agreed|decided)\s+"
            r"(?:at|by|in)\s+[^,;:.]{0,60}?\b(?:19|20)\d\d\s+(?:now\s+|still\s+|already\s+)?(?:exists|existed"
            r"|is\s+in\s+place|was\s+in\s+place|operates|has\s+operated|is\s+operational|was\s+(?!not\b)[a-z]+ed|were"
            r"\s+(?!not\b)[a-z]+ed|has\s+been|have\s+been|had\s+been)\b",
            re.I,
        ),
    ),
    # An offer to host the series' next meeting is the calendar: "welcomed the offer of Brunei Darussalam to
    # host the Eighth Meeting" (not "to host a coordination meeting on the five open cases").
    (
        "announcement",
        re.compile(
            r"\b(?:offers?|offered|invitations?|invited)\b[^.;]{0,80}?\bto\s+host\s+(?:the\s+|its\s+|their\s+|our\s+)?(?:next|following|upcoming"
            r"|forthcoming|\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
            r"|twelfth|(?:19|20)\d\d)\b",
            re.I,
        ),
    ),
    # Invitations reported as a practice: "Some networks have invited prosecutors from non-EU countries to
    # individual meetings".
    (
        "participation",
        re.compile(
            r"\b(?:has|have|had)\s+(?:already\s+|also\s+|regularly\s+|sometimes\s+)?invited\s+[^.;]{1,80}?\bto\s+"
            r"(?:\w+\s+){0,2}?(?:meetings?|seminars?|conferences?|workshops?|sessions?|events?|trainings?)\b",
            re.I,
        ),
    ),
    # A delegation's own past case work retold: "The French delegation explained that it had opened 38
    # investigations and asked for help from another Member State in fewer than half of them".
    (
        "report",
        re.compile(
            r"\b(?:explained|reported|said|stated|noted|indicated|described|recalled)\s+(?:that|how)\s+(?:it|they|he|she"
            r"|(?:the\s+)?[\w'’-]+\s+(?:authorities|delegation|office|police|prosecutors?))\s+had\s+[^.;]{0,160}?"
            r"\basked\s+for\b(?![^.]*\b(?:should|must|urg\w*|call\w*\s+(?:on|for)|invit\w*|encourag\w*|recommend\w*)\b)",
            re.I,
        ),
    ),
    # What happened at the meeting: "The Red Crescent was invited to present its work".
    (
        "procedure",
        re.compile(
            r"\b(?:was|were)\s+invited\s+to\s+(?:present|speak|attend|give\s+a|deliver|chair|open|introduce)\b", re.I
        ),
    ),
    # The document's own route: "The Presidency will present this report to the Working Party".
    (
        "procedure",
        re.compile(
            r"\bwill\s+(?:present|submit|forward|transmit|send|table)\s+(?:this|the\s+present)\s+(?:report|document"
            r"|note|paper|summary)\b",
            re.I,
        ),
    ),
    # An earlier item retold with what became of it: "The summer school proposed at the 2022 conference
    # was held in July 2024" (a report of the past, not an ask).
    (
        "history",
        re.compile(
            rf"^(?:The|An?)\s+[^,;:.]{{3,80}}?\s(?:proposed|recommended|requested|suggested|called\s+for|agreed"
            rf"|decided)\s+(?:at|by|in)\s+(?:the\s+)?[^,;:.]{{0,60}}?\b{_MEETING_NOUN}\b[^,;:.]{{0,40}}?\s+"
            r"(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?(?!to\b|not\b)[a-z]+\b",
            re.I,
        ),
    ),
    # An earlier text recalled: "The Ministers recalled the declaration adopted at their previous meeting".
    (
        "history",
        re.compile(
            r"\brecall(?:ed|s|ing)?\s+(?:the\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,3}?(?:declarations?|recommendations?"
            r"|conclusions?|statements?|commitments?|decisions?)\s+(?:they\s+|it\s+)?(?:had\s+)?(?:adopted|made|agreed"
            r"|issued|taken)\s+(?:at|in|by|during)\b"
            # ... unless the sentence goes on to ask: "... and urged States to implement it".
            r"(?![^.]*\b(?:urg|call|invit|encourag|ask|request|recommend)\w*\b)",
            re.I,
        ),
    ),
    # An earlier ask recalled in the past perfect: "X recalled that the previous conference had asked for ...".
    (
        "history",
        re.compile(
            r"\brecall(?:ed|s|ing)?\s+that\b[^.;]{0,160}?\bhad\s+(?:\w+ly\s+|also\s+)?(?:asked|called|recommended"
            r"|proposed|requested|urged|invited|encouraged|agreed|decided|suggested)\b"
            r"(?![^.]*\b(?:and|but)\s+(?:urg|call|invit|encourag|ask|request|recommend)\w*\b)",
            re.I,
        ),
    ),
    # Another body's announced gathering: "The incoming Spanish Presidency has announced a seminar on ...".
    (
        "announcement",
        re.compile(
            r"\b(?:has|have|had)\s+announced\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,3}?(?:seminar|meeting"
            r"|conference|workshop|forum|plenary|summit|round\s?table|session)s?\b",
            re.I,
        ),
    ),
    # A meeting's stated purpose describes it and asks nobody: "The objective of such meetings is to exchange
    # experience", "The aim of the workshop was to ...".
    (
        "purpose",
        re.compile(
            rf"^(?:The|Its|Their)\s+(?:main\s+|overall\s+|primary\s+|stated\s+)?(?:objective|aim|purpose|goal)s?\s+"
            rf"(?:of\s+(?:the|this|these|such|that|its|their)\s+(?:[\w'’-]+\s+){{0,3}}?{_MEETING_NOUN}\s+)?"
            r"(?:is|was|are|were|has\s+been)\s+to\b",
            re.I,
        ),
    ),
    # What happened, reported in the past: "As a result of the meeting, an internal discussion took place
    # within the College, to outline how ...". Not when the sentence goes on to ask ("..., and States should").
    (
        "report",
        re.compile(
            r"\b(?:discussions?|debates?|exchanges?\s+of\s+views|consultations?|reflections?)\s+(?:\w+\s+){0,2}?"
            r"(?:took|had\s+taken|has\s+taken)\s+place\b"
            r"(?![^.]*\b(?:should|must|urg\w*|call\w*\s+(?:on|for)|invit\w*|encourag\w*|recommend\w*|ask\w*)\b)",
            re.I,
        ),
    ),
    # A dateline: "Eurojust, The Hague, 4-5 February 2016", "Bangkok, February 2, 2023".
    ("dateline", re.compile(rf"^[A-Z][\w .'’()-]{{0,60}},\s*(?:[A-Z][\w .'’()-]{{0,40}},\s*)?{_DATE}\.?$")),
    # A numbered heading: "4.3 Follow-up", "5.2 The 45th Plenary meeting of the EJN".
    ("numbered heading", re.compile(r"^\d+(?:\.\d+)*\.?\s+[^.!?;:]{1,80}$")),
    (
        "courtesy",
        re.compile(
            r"\bthank(?:ed|s)?\b[^.]{0,120}\bfor\b|\bexpressed\s+(?:their|its|his|her)\s+(?:deep\s+|sincere\s+)?"
            r"(?:gratitude|appreciation|thanks)\b|\b(?:appreciation|gratitude)\s+(?:to|for)\b[^.]{0,120}\bfor\s+"
            r"(?:hosting|organi[sz]ing|its\s+hospitality|their\s+hospitality|the\s+hospitality)\b",
            re.I,
        ),
    ),
    # "The chairs thanked the hosts." (not "thanks to the joint team, ...").
    # "The Presidency is grateful to all Member States that replied."
    (
        "thanks",
        re.compile(r"\bthank(?:ed|s)\b(?!\s+to\b)|\b(?:is|are|was|were|remains?)\s+(?:\w+\s+)?grateful\b", re.I),
    ),
    # The meeting's own calendar and procedure: "The next plenary will take place in The Hague",
    # "Eurojust will report on progress at the next meeting".
    (
        "announcement",
        re.compile(
            r"\bwill\s+(?:take\s+place|be\s+held|meet\s+again|be\s+sent\s+to|report\s+(?:again\s+)?(?:on|to|back))\b|"
            r"\bwill\s+be\s+(?:presented|submitted|forwarded|transmitted|informed|communicated|sent)\b|"
            r"\b(?:is|are)\s+(?:scheduled|planned)\s+(?:for|to\s+take\s+place)\b|"
            r"\bwill\s+examine\s+th(?:ese|is|ose)\b|"
            # "to meet again in Valletta in 2021", among the decisions: the calendar, not an item.
            r"^(?:\W*\w{1,4}[.)]\s+)?to\s+(?:meet|convene|reconvene)\s+again\b",
            re.I,
        ),
    ),
    # A lead-in that ends with a full stop rather than a colon: "The meeting adopted the following
    # recommendations.", "The conclusions are as follows."
    (
        "lead-in",
        re.compile(
            r"\b(?:the\s+following\s+(?:[\w-]+\s+){0,2}?(?:recommendations|conclusions|decisions|proposals|points"
            r"|measures|actions|steps|commitments|principles|priorities|items|outcomes|declaration|statement)"
            r"|as\s+follows"
            # "The participants agreed on the following.": a lead-in whatever noun it leaves out.
            r"|\b(?:agreed|decided|recommended|concluded|proposed)\s+(?:on\s+|upon\s+)?the\s+following)\s*[.:]?$",
            re.I,
        ),
    ),
    ("contact line", re.compile(r"^(?:Media|Press)\s+contacts?\b|^For\s+(?:further|more)\s+information\b", re.I)),
    # Challenges as an agenda topic: "The second session addressed the challenges of ...".
    (
        "agenda",
        re.compile(
            r"\b(?:sessions?|panels?|agenda|workshops?|round\s?tables?|presentations?)\b[^.]{0,60}?\b"
            r"(?:on|address\w*|focus\w*\s+on|look\w*\s+at|examin\w*|explor\w*|cover\w*|devoted\s+to)\b[^.]{0,60}?"
            r"\bchallenges\b",
            re.I,
        ),
    ),
)
_RELATIVE_BEFORE_RE = re.compile(r"\w+,\s+(?:which|who)\s+$")
_TERMINAL_RE = re.compile(r"[.!?;:,]['\"’”)]*$")
_ENUMERATOR_START_RE = re.compile(r"^\s*(?:\(?[a-z]\)|[a-z]\.|[ivx]{1,5}\.|\(?(?:[ivx]{1,5}|\d{1,2})\))\s+")
# A sub-list marker: a letter, or a small roman numeral ("ii.", "(iii)") under "A.", "B." headings of items.
_LETTER_START_RE = re.compile(r"^\s*(?:\(?[a-h]\)|[a-h]\.|\(?[ivx]{1,5}\)|[ivx]{1,5}\.)\s+")


def boilerplate_reason(text: str, *, listed: bool = False) -> str:
    """Return why a text can never be an item (cover note, dateline, heading, title...), or "" when it can be.

    A title or heading is a short capitalised line without a sentence's ending: at most a dozen
    words, no final punctuation and no semicolon (a list item "use joint teams; and" is not one);
    for a bullet or list item (listed), one word ("Closing"): "Information sharing" is an item.
    """
    text = " ".join(text.split())
    for reason, pattern in BOILERPLATE_RES:
        # "Eurojust will host an annual meeting, the first of which will take place in November": a plan
        # that mentions its date is still a plan.
        match = pattern.search(text)
        if match and reason == "announcement" and _RELATIVE_BEFORE_RE.search(text[: match.start()]):
            # "to create a working group, which will report to the next conference": the item is the group.
            continue
        if match and not (reason in ("announcement", "thanks") and (PLAN_RE.search(text) or CALL_RE.search(text))):
            return reason
    body = _ENUMERATOR_START_RE.sub("", text)
    words = len(body.split())
    # A list item of two words or more is a short item ("Strengthening regional cooperation"), not a title.
    if words <= (1 if listed else 12) and body[:1].isupper() and not _TERMINAL_RE.search(body) and ";" not in body:
        return "title or heading"
    return ""


def strip_enumerator(text: str) -> str:
    """The text of a list item without its leading "(a)", "a)", "a." or "(ii)"."""
    return _ENUMERATOR_START_RE.sub("", text, count=1)


_NUMBER_START_RE = re.compile(r"^\s*\(\d{1,2}\)\s+")


def enumerator_style(text: str) -> str:
    """The kind of enumerator a list line starts with: "letter" ("(a)", "b)"), "number" ("(1)"), or ""."""
    if _LETTER_START_RE.match(text):
        return "letter"
    if _NUMBER_START_RE.match(text):
        return "number"
    return ""


def lead_subject(text: str) -> str:
    """Who a nested lead-in names before its own list: "(1) that participating States:" gives "participating States"."""
    body = strip_enumerator(" ".join(text.split())).rstrip(" :")
    body = re.sub(r"^(?:that|for)\s+", "", body, flags=re.IGNORECASE)
    known = find_addressee(body)
    if known:
        return known
    match = re.match(rf"^(?:the\s+)?((?:[\w'’()-]+\s+){{0,5}}?{_ACTOR_HEAD}(?:\s+of\s+the\s+\w+)?)$", body)
    return match.group(1) if match else ""


def starts_with_letter(text: str) -> bool:
    """True for a lettered list item: "(a) ...", "a) ...", "a. ..."."""
    return bool(_LETTER_START_RE.match(text))


# Who is asked to act when the item names its own subject: "(b) the Regional Support Office develop
# ...", "Partner countries should adopt ...", "(a) the States of the region to strengthen ...".
_ACTOR_HEAD = (
    r"(?:countries|States|authorities|members|secretariat|[Oo]ffices?|services?|Commission|Union|Group|network|"
    r"points|prosecutors|judges|agenc(?:y|ies)|Co-Chairs|Chairs?|police|guards|[A-Z]{2,6}(?:\s*\([A-Z]{2,6}\))?)"
)
_FUNCTION_WORDS = r"(?:of|in|on|for|with|from|at|by|as|to|that|which|who|facing|between|against|about)"
# "of the region", or a name's own complement: "Working Group on Trafficking in Persons".
_COMPLEMENT = r"(?:\s+of\s+the\s+\w+|(?:\s+(?:on|of|for|in)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)+)?"
_SUBJECT_RE = re.compile(
    rf"^(?:[Tt]he\s+)?(?!(?:A|An)\s)(?P<subject>(?:(?!\w+ed\s|{_FUNCTION_WORDS}\s)[\w'’-]+\s+){{0,6}}?{_ACTOR_HEAD}(?:\s*\([A-Z]{{2,6}}\))?{_COMPLEMENT}"
    rf"(?:\s+and\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,4}}?{_ACTOR_HEAD}(?:\s+of\s+the\s+\w+)?)?)"
    r",?\s+(?:should|must|shall|(?:is|are)\s+(?:\w+\s+)?(?:invited|requested|encouraged|urged)|(?P<listed>to\s+[a-z]+|"
    r"(?!(?:is|are|was|were|has|have|had|of|in|on|for|with|and|or|from|at|by|as|that|which|who|the|a|an)\b)"
    r"[a-z]+(?<!ed)(?<!s)\b))"
)


def find_subject_addressee(text: str, *, listed: bool = True) -> str:
    """Return the actor a text names as its own subject, or "" (the closed ADDRESSEES list first).

    Only a list item (listed) may have a bare verb after its subject ("(b) the Office develop ...",
    after "recommended that:"); running text needs "should", "must" or "is invited to".
    """
    body = strip_enumerator(" ".join(text.split()))
    # "(2) that the secretariat compile ...", after "The Co-Chairs recommend:".
    body = re.sub(r"^that\s+", "", body, flags=re.IGNORECASE)
    known = find_addressee(body)
    if known:
        return known
    match = _SUBJECT_RE.match(body)
    if not match or (match.group("listed") and not listed):
        return ""
    subject = match.group("subject")
    for label, pattern in ADDRESSEES:
        if re.fullmatch(pattern, subject, re.IGNORECASE):
            return label
    if subject.split()[0].lower() in ("participants", "ministers", "speakers", "delegates", "it", "this", "they"):
        return ""
    return subject


_ENUMERATOR_RE = re.compile(r"\((?:[ivx]{1,5}|[a-h])\)\s*")


def split_enumeration(text: str) -> list[str]:
    """Split a sentence at enumerators "(i)", "(ii)", "(a)"; [] when it has fewer than two."""
    parts = _ENUMERATOR_RE.split(text)
    if len(parts) < 3:
        return []
    points = [p.strip(" ;,:.").removesuffix(" and").removesuffix(" or").strip(" ;,:.") for p in parts[1:]]
    return [p for p in points if len(p.split()) >= 2]
