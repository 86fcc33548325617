"""Finding actor names in a passage: gazetteer matches, the traps around them, and names a document defines."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from msmeetings.actors.gazetteers import Actor, Gazetteers, slugify

_CODE_LIST = re.compile(r"(?<![\w-])[A-Z]{2}(?:(?:,\s*|\s+and\s+|\s+or\s+|,\s+and\s+)[A-Z]{2}){2,}(?![\w-])")

# Language names that are also a country's adjective. Written as a language ("delivered in
# English, Arabic and French", "the region works in French and Portuguese") they name no country.
LANGUAGE_NAMES = frozenset(
    """
    English French Arabic Spanish Portuguese German Italian Dutch Greek Russian Turkish Albanian Serbian Croatian
    Bosnian Montenegrin Macedonian Bulgarian Romanian Hungarian Polish Czech Slovak Slovene Slovenian Swedish
    Danish Finnish Estonian Latvian Lithuanian Maltese Irish Norwegian Icelandic Ukrainian Persian Farsi Dari Pashto
    Urdu Bengali Hindi Chinese Japanese Thai Vietnamese Indonesian Malay Tigrinya Amharic Somali Hausa Wolof
    Georgian Armenian Kurdish Hebrew Luxembourgish
    """.split()
)
_LANGUAGE_CONTEXT = re.compile(r"\b(?:languages?|interpret\w*|translat\w*|speak\w*|spoken|fluent)\b", re.IGNORECASE)
_LANGUAGE_BEFORE = re.compile(r"\b(?:in|into|from)\s+$")
# After a language name comes punctuation, a conjunction or a preposition, never a noun.
_AFTER_LANGUAGE = re.compile(r"\s*(?:[,.;:)]|(?:and|or|with|in|by|for|at|on|to|from|as)\b|$)")
_PREVIOUS_IN_LIST = re.compile(r"(?P<word>[A-Z][a-z]+)(?:,\s*|,?\s+(?:and|or)\s+)$")
_NEXT_IN_LIST = re.compile(r"(?:,\s*|,?\s+(?:and|or)\s+)(?P<word>[A-Z][a-z]+)")
LANGUAGE_WINDOW = 60
# An adjective inside the name of a non-governmental body is not its country ("Norwegian
# Shipowners' Association", "Danish Red Cross"); a national authority ("Dutch National
# Prosecutor's Office") is, and is listed in the gazetteer with its state.
_BODY_HEADS = (
    r"(?:Association|Federation|Society|Foundation|Confederation|Red\s+Cross(?:\s+Society)?|Red\s+Crescent(?:\s+Society)?|Chamber\s+of\s+\w+"
    r"|Refugee\s+Council|Council\s+for\s+Refugees|Helsinki\s+Committee|Refugee\s+Service)"
)
# Forums of several states, named by what they are, that the gazetteer may not list ("Eastern Partnership
# Dialogue", "Sahel Prosecutors' Platform"): organisations, found without an acronym.
_FORUM_HEADS = r"(?:Dialogue|Process|Platform|Forum)"
_CAP_WORD = r"[A-Z][\w'’-]*"
_NAMED_BODY_AFTER = re.compile(rf"(?:\s+{_CAP_WORD})*?\s+{_BODY_HEADS}\b")
# Bodies not in the gazetteer whose name says what they are: associations, federations, societies.
# Named operations ("Operation Acropolis") are investigations, not bodies, and are left out.
_UNLISTED_BODY = re.compile(
    rf"\b(?:{_CAP_WORD}\s+)(?:(?:{_CAP_WORD}|of|for|and|the)\s+)*?(?:{_BODY_HEADS}|(?<=[A-Za-z'’]\s){_FORUM_HEADS})"
    r"\b(?![\w-])"
)
# Words that open a description of people or of a post, not a body's name ("Delegates of the ...",
# "Deputy Director of the ..."): cut with the "of/at/for (the)" that follows them.
_LEADING_NON_NAME = re.compile(
    r"^(?:(?:Delegates?|Delegations?|Members?|Representatives?|Experts?|Participants?|Officials?|Head|Heads|Director"
    r"|Deputy|Chief|Chair|Chairman|Chairperson|Co-Chairs?|Secretary|General|Executive|Senior|Coordinator|President"
    r"|Vice-President|Minister|Commissioner|Prosecutor|Judge|Officer|Adviser|Advisor|Manager|Spokesperson|Unit"
    r"|Ambassador|Rapporteur|Special|Mr|Ms|Mrs|Dr)\.?\s+)+(?:(?:of|at|for|in|from)\s+(?:the\s+)?)?"
    # "the States of the Forum", "Ministers of the Dialogue": the members, then the body.
    r"|^(?:States|Countries|Ministers|Governments|Parties|Partners|Members)\s+(?:of|in)\s+(?:the\s+)?"
)
# "Full Name (ACR)": a body the document defines. The name must read like a body's.
_DEFINITION = re.compile(
    r"\b(?P<name>(?:[A-Z][\w'’-]*\s+)(?:(?:[A-Z][\w'’-]*|of|for|on|and|the|against|in|de|des|du)\s+)*[A-Z][\w'’-]*)"
    r"\s+\((?P<acronym>[A-Z][A-Za-z0-9&-]{1,11})\)"
)
_BODY_WORDS = re.compile(
    r"\b(?:Network|Office|Agency|Centre|Center|Committee|Commission|Council|Organi[sz]ation|Group|Unit|Team"
    r"|Secretariat|Programme|Program|Process|Initiative|Platform|Service|Authority|Directorate|Department|Institute"
    r"|Forum|Task\s+Force|Association|Court|Mission|Bureau|Federation|Foundation|Society|Alliance|Union|Board"
    r"|Ministry|Police|Prosecution|Inspectorate|Observatory|Partnership|Dialogue|Conference|Academy|Coalition"
    r"|Community|Assembly|League|Guard|Parliament|Mechanism|Facility|School|University)\b"
)
# A body named only to describe a person: "a Focus Group member", "members of the EJN",
# "EJN contact points", "National Member for Ireland at Eurojust".
_LABEL_AFTER = re.compile(
    r"\s+(?:members?|contact\s+points?|National\s+Members?|liaison\s+officers?|correspondents?)\b"
)
_LABEL_BEFORE = re.compile(
    r"\b(?:members?|contact\s+points?|National\s+Member(?:\s+for\s+[\w' -]+?)?|correspondents?)\s+(?:of|at|in|for)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """One match of an alias in a text."""

    start: int
    end: int
    text: str
    actor: Actor


def find_mentions(text: str, gazetteers: Gazetteers, defined: Mapping[str, Actor] | None = None) -> list[Mention]:
    """Return the actor mentions in one clean text, in order (code lists, then longest-first names).

    A national authority with a country (``iso3`` in the gazetteer) yields two mentions on the
    same span: the body and its state, so that country counts include "the Dutch National
    Prosecutor's Office". A country adjective used as a language ("in English and French") or
    inside the name of an association ("Norwegian Shipowners' Association") is no mention of
    the country; the association itself, a named operation, and the bodies in ``defined`` (from
    :func:`define_organisations`) are mentions of organisations the gazetteer does not list.
    """
    mentions: list[Mention] = []
    masked = list(text)
    for match in _CODE_LIST.finditer(text):
        tokens = list(re.finditer(r"[A-Z]{2}", match.group()))
        if all(t.group() in gazetteers.codes for t in tokens):
            for t in tokens:
                start = match.start() + t.start()
                mentions.append(Mention(start, start + 2, t.group(), gazetteers.codes[t.group()]))
            masked[match.start() : match.end()] = " " * (match.end() - match.start())
    taken: list[tuple[int, int]] = []
    for match in gazetteers.pattern.finditer("".join(masked)):
        actor = gazetteers.lookup(match.group())
        if actor is None:
            taken.append(match.span())
            continue
        written = text[match.start() : match.end()]
        if actor.actor_type == "country" and (
            is_language(text, match.start(), match.end()) or _NAMED_BODY_AFTER.match(text, match.end())
        ):
            continue
        taken.append(match.span())
        mentions.append(Mention(match.start(), match.end(), written, actor))
        if actor.actor_type == "organisation" and actor.iso3:
            mentions.append(Mention(match.start(), match.end(), written, country_of(gazetteers, actor.iso3)))
    for start, end, actor in _unlisted_mentions(text, gazetteers, defined or {}):
        if not any(s < end and start < e for s, e in taken):
            taken.append((start, end))
            mentions.append(Mention(start, end, text[start:end], actor))
    return sorted(mentions, key=lambda m: (m.start, m.end, m.actor.actor_type, m.actor.actor_id))


def is_language(text: str, start: int, end: int) -> bool:
    """Whether the adjective at text[start:end] names a language, not a country.

    It does when it follows "in", "into" or "from" ("available in Spanish") or stands in a list
    of language names that such a word or a word about language introduces ("in English, Arabic
    and French with interpretation"), and no noun follows it ("French prosecutors" are French).
    """
    if text[start:end] not in LANGUAGE_NAMES or not _AFTER_LANGUAGE.match(text, end):
        return False
    list_start = start
    while previous := _PREVIOUS_IN_LIST.search(text[:list_start]):
        if previous.group("word") not in LANGUAGE_NAMES:
            break
        list_start = previous.start("word")
    if _LANGUAGE_BEFORE.search(text[max(0, list_start - 12) : list_start]):
        return True
    in_list = list_start < start or bool(
        _NEXT_IN_LIST.match(text, end) and _NEXT_IN_LIST.match(text, end)["word"] in LANGUAGE_NAMES
    )
    window = text[max(0, start - LANGUAGE_WINDOW) : end + LANGUAGE_WINDOW]
    return in_list and bool(_LANGUAGE_CONTEXT.search(window))


def _unlisted_mentions(text: str, gazetteers: Gazetteers, defined: Mapping[str, Actor]) -> list[tuple[int, int, Actor]]:
    found = []
    for match in _UNLISTED_BODY.finditer(text):
        name = re.sub(r"^(?:The|A|An)\s+", "", match.group())
        name = _LEADING_NON_NAME.sub("", name)
        # "X Secretariat and the Y Red Cross": two bodies; the one with the head word is the last.
        name = re.split(r"\s+and\s+the\s+", name)[-1]
        if not _UNLISTED_BODY.fullmatch(name) or re.search(rf"\b(?:the|of|for|and)\s+{_FORUM_HEADS}$", name):
            continue
        start = match.end() - len(name)
        if gazetteers.lookup(name) is None:
            # A body the document also defines with an acronym is that body.
            found.append((start, match.end(), defined.get(name) or unlisted_organisation(name)))
    if defined:
        names = sorted(defined, key=lambda n: (-len(n), n))
        pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
        found += [(m.start(), m.end(), defined[m.group()]) for m in pattern.finditer(text)]
    return sorted(found, key=lambda f: (f[0], -f[1]))


def unlisted_organisation(name: str, actor_id: str = "") -> Actor:
    """An organisation the gazetteer does not list, identified by ``actor_id`` or else by its name as written."""
    name = re.sub(r"\s+", " ", name).strip()
    return Actor("organisation", actor_id or slugify(name), name, org_type="other")


def define_organisations(texts: Iterable[str], gazetteers: Gazetteers) -> dict[str, Actor]:
    """The bodies a document defines itself ("Full Name (ACR)") that the gazetteer does not list.

    A body is identified by its acronym (``rast`` for "Regional Anti-Smuggling Task Force (RAST)"), the id
    the gold lists give such bodies; a person's post before the name ("Deputy Director of the ...") is cut.

    Returns:
        The full name and the acronym, each mapped to the one organisation they name. A
        definition whose name or acronym the gazetteer knows adds nothing: the gazetteer wins.
    """
    defined: dict[str, Actor] = {}
    for text in texts:
        for match in _DEFINITION.finditer(text):
            name = re.sub(r"^(?:The|A|An)\s+", "", match.group("name"))
            name = _LEADING_NON_NAME.sub("", name)
            acronym = match.group("acronym")
            if (
                len(name.split()) < 2
                or not _BODY_WORDS.search(name)
                or gazetteers.lookup(name)
                or gazetteers.lookup(acronym)
            ):
                continue
            # Identified by its acronym, the id a reader gives a body the document defines.
            actor = unlisted_organisation(name, slugify(acronym))
            defined.setdefault(name, actor)
            defined.setdefault(acronym, actor)
    return defined


def mention_kind(text: str, mention: Mention, defined: Mapping[str, Actor] | None = None) -> str:
    """How a mention is written (one of ``MENTION_KINDS``).

    A speaker's label, a bare acronym, a body the document defines (or an unlisted named body),
    else a name.
    """
    if mention.actor.actor_type in ("organisation", "group") and (
        _LABEL_AFTER.match(text, mention.end) or _LABEL_BEFORE.search(text[: mention.start])
    ):
        return "speaker_label"
    if (
        mention.actor.actor_type == "organisation"
        and mention.actor.org_type == "other"
        and (mention.text in (defined or {}) or _UNLISTED_BODY.fullmatch(mention.text))
    ):
        return "defined"
    if mention.actor.actor_type != "country" and not any(ch.islower() for ch in mention.text):
        return "acronym"
    return "name"


def country_of(gazetteers: Gazetteers, iso3: str) -> Actor:
    """The country actor of an ISO code (a national authority's state)."""
    table = gazetteers.countries
    rows = table[(table["actor_type"] == "country") & (table["actor_id"] == iso3)]
    if rows.empty:
        # The gazetteer check guarantees a valid code, not that the alias table lists the country.
        return Actor("country", iso3, iso3, "other", iso3=iso3)
    row = rows.iloc[0]
    return Actor(
        "country", iso3, row["name"], row["region"], iso3=iso3, eu_from=row["eu_from"], eu_until=row["eu_until"]
    )
