"""Named people: attribution lines, their role as written and the passages quoted (people.csv)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from msmeetings import tables
from msmeetings.actors.gazetteers import Gazetteers, slugify
from msmeetings.actors.text import text_blocks

_TITLE_WORDS = re.compile(
    r"\b(?:President|Vice-President|Member|Head|Chair|Chairman|Chairwoman|Chairperson|Director|Coordinator|Prosecutor"
    r"|Minister|Commissioner|Representative|Judge|Secretary|Officer|Spokesperson|Adviser|Advisor|Manager|Deputy"
    r"|Ambassador|Attorney|Rapporteur)\b"
)
_SPEECH_THEN_MORE = re.compile(r",?\s+(?:stated|said|declared|added|commented|explained|noted)\s+[^\s:]")
_SPEECH_END = re.compile(r",?\s+(?:stated|said|declared|added|commented|explained|noted)\s*:?\s*$")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us)\b")
# A quotation opened inside the block: the line is a sentence that quotes, not an attribution line.
_OPENING_QUOTE = re.compile(r"(?:^|[\s:])[“\"‘]|:\s*'")
_CLOSING_QUOTE = re.compile(r"['’”\"]\s*$")
_NAME_STOPWORDS = frozenset(
    {"the", "a", "an", "this", "these", "that", "those", "in", "on", "of", "for", "and", "to", "with", "by"}
)
# People named in running text beside a speech verb, before it ("Name Surname, National Member
# for X, said that …") or after it ("… ," said Judge Name Surname, of the Regional Court).
_SPEECH_VERBS = (
    r"(?:said|stated|added|noted|explained|stressed|emphasi[sz]ed|recalled|warned|told|remarked|declared"
    r"|commented|underlined|highlighted|pointed\s+out|argued|observed|announced|reported|presented|described|outlined"
    r"|proposed|called\s+(?:for|on)|urged|suggested|recommended|welcomed|insisted|acknowledged|confirmed|asked|replied"
    r"|answered|introduced|briefed|shared|summari[sz]ed|underscored|cautioned|reminded|concluded|emphasised|spoke"
    r"|addressed)"
)
_HONORIFIC = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Professor|Sir|Dame|H\.E)\.?\s+)"
# Titles written before a name, alone or in a run ("Chief Inspector", "Prosecutor General", "Fiscal", "Detective
# Sergeant"): never part of the name.
_TITLE_WORD = (
    r"(?:Judge|Justice|Ambassador|Minister|Commissioner|Prosecutor|Senator|Colonel|General|Inspector|Chief|Fiscal"
    r"|Superintendent|Detective|Sergeant|Constable|Captain|Commander|Lieutenant|Major|Deputy|Senior|Director|President"
    r"|Secretary|Attorney|Magistrate|Advocate|Procurator|Procurador|Procureur|Investigating|Public|Special|Police"
    r"|Brigadier|Admiral|Agent|Commissaire|Juge|Counsellor|Councillor|Mayor|Governor|Professor|Prof\.?|Dr\.?)"
)
_TITLE_BEFORE = rf"(?:(?:{_TITLE_WORD}\s+)+)"
_NAME_TOKEN = r"[^\W\d_][\w'’-]*"
_PARTICLES = frozenset("de da di do dos van von der den del della la le el al bin ben ter zu".split())
_PARTICLE = rf"(?:(?:{'|'.join(sorted(_PARTICLES))})\s+)"
# A middle initial ("Tomasz K. Wróblewski") stays in the name.
_INITIAL = r"(?:[A-Z]\.\s+)"
# A preposition after the name starts its role, never a name word ("Name Surname of the Office").
_NOT_NAME_WORD = r"(?!(?:of|from|at|in|and|for|with)\b)"
_NAME = rf"{_NAME_TOKEN}(?:\s+{_INITIAL}?{_PARTICLE}*{_NOT_NAME_WORD}{_NAME_TOKEN}){{1,3}}"
_PERSON = rf"(?P<honorific>{_HONORIFIC})?(?P<title>{_TITLE_BEFORE})?(?P<name>{_NAME})"
# Words that open a clause before a name ("As Commissioner Name explained", "When Dr. Name said"): never part of it.
_CLAUSE_OPENERS = r"(?!(?:As|When|While|After|Before|Then|And|But|So|Here|There|Finally|Also)\s)"
_NAME_THEN_VERB = re.compile(
    rf"(?:^|(?<=[\s(“\"‘'])){_CLAUSE_OPENERS}(?:{_PERSON})(?P<paren>\s+\([^()]{{2,40}}\))?"
    # A long authority's name may follow, with its acronym: "of the Norwegian National Authority for ... (Økokrim)".
    rf"(?:,\s+(?P<role>[^,;:“”\"]{{3,140}}?),|\s+(?P<ofrole>(?:of|from)\s+(?:the\s+)?[A-Z][^,.;:“”\"]{{2,140}}?))?"
    rf"\s+(?:also\s+)?(?P<verb>{_SPEECH_VERBS})\b"
)
_VERB_THEN_NAME = re.compile(
    rf"[,’”\"']\s*(?P<verb>{_SPEECH_VERBS})\s+{_PERSON}"
    # "... warned Tomasz K. Wróblewski of Poland's National Prosecutor's Office, who ...": the of-phrase is the role.
    rf"(?:,\s+(?P<role>[^.;“”\"]{{3,140}})|\s+(?P<ofrole>(?:of|from)\s+(?:the\s+)?[A-Z][^,.;:“”\"]{{2,80}}?)(?=[,.;]))?"
)
# Reported speech without a verb: "According to Detective Inspector Name Surname of the Bureau, the share ...".
_ACCORDING_TO = re.compile(
    rf"\b[Aa]ccording\s+to\s+{_PERSON}"
    rf"(?:\s+(?P<ofrole>(?:of|from|at)\s+(?:the\s+)?[A-Z][^,.;:“”\"]{{2,80}}?)|,\s+(?P<role>[^,;:“”\"]{{3,140}}?))(?=,)"
)
# A person named as the agent of the meeting's business: "led by Mr. Name", "moderated by Judge Name".
_BY_TITLED_PERSON = re.compile(
    rf"\b(?:led|chaired|co-chaired|moderated|opened|closed|presented|introduced|delivered|given|hosted|facilitated)"
    rf"\s+by\s+(?P<honorific>{_HONORIFIC})?(?P<title>{_TITLE_BEFORE})?(?P<name>{_NAME})"
    r"(?P<role>(?!))?"  # what follows the name may be the sentence's own verb: no apposition is read
)
# The next person of the same "by" list: "co-chaired by Mr. A, Deputy Minister, and Ms. B, Director of ...".
_AND_TITLED_PERSON = re.compile(
    rf"\s+and\s+(?P<honorific>{_HONORIFIC})(?P<title>{_TITLE_BEFORE})?(?P<name>{_NAME})"
    rf"(?:,\s+(?P<role>[^,.;“”\"]{{3,140}}))?"
)
_SENTENCE_OR_CLAUSE_END = re.compile(r"[;:]|\.\s+(?!Mr|Ms|Mrs|Dr)[A-Z]")
BY_LIST_MAX_CHARS = 200  # how far after a "by" person the next one of the list may start
# A person named only in passing, after a profession written in lower case: "the Italian judge Giovanni
# Falcone", "the journalist Name Surname". Not a speaker; the role comes from the sentence.
_NAMED_IN_PASSING = re.compile(
    r"\b(?:the|a|an)\s+(?:[A-Z][a-z]+\s+)?(?:late\s+)?(?:judge|prosecutor|magistrate|investigator|journalist|lawyer"
    r"|police\s+officer|investigating\s+judge|anti-mafia\s+prosecutor)\s+"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+(?:(?:de|da|di|van|von|der|del|della|la|le)\s+)*[A-Z][\w'’-]+){1,2})\b"
)
# Words that make a capitalised run a body, not a person ("State Border Guard", "Prosecution Service").
_BODY_TOKENS = frozenset(
    """Guard Border Office Service Services Police Agency Court Unit Ministry Department Bureau Council Committee
    Commission Network Forum Group Directorate Authority Prosecution Centre Center Secretariat Academy Institute
    Programme Team Section Board Assembly Parliament Government Republic Union Organisation Organization Force
    Operation Mission Navy Naval Conference Process Platform Initiative Project""".split()
)
# Capitalised words that start sentences or name groups, never a person's first name.
_NOT_FIRST_NAMES = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "these",
        "that",
        "those",
        "participants",
        "speakers",
        "ministers",
        "members",
        "delegates",
        "delegations",
        "experts",
        "session",
        "opening",
        "closing",
        "several",
        "many",
        "some",
        "all",
        "co-chairs",
        "chairs",
        "he",
        "she",
        "they",
        "it",
        "we",
        "in",
        "on",
        "at",
        "according",
        "as",
        "mr",
        "ms",
        "dr",
    }
)
TITLE_MAX_POSITION = 4
QUOTE_MAX_BLOCKS = 6
ATTRIBUTION_MAX_WORDS = 40


def parse_attribution(text: str, gazetteers: Gazetteers | None = None) -> tuple[str, str] | None:
    """Return (person, role) if a block is a named person's attribution line, else None.

    The line reads "Firstname Lastname, role" (optionally ending "stated:"); the name is two to
    four capitalised words that are not a known actor's name, and the role contains a title word.
    """
    if len(text.split()) > ATTRIBUTION_MAX_WORDS or ", " not in text or _OPENING_QUOTE.search(text):
        return None
    name, _, role = text.partition(", ")
    if _SPEECH_THEN_MORE.search(role):
        return None  # "Name, title, said that …" is a sentence reporting speech, not an attribution line
    tokens = name.split()
    if not 2 <= len(tokens) <= 4 or any(t.casefold() in _NAME_STOPWORDS for t in tokens):
        return None
    for token in tokens:
        letters = token.replace("-", "").replace("'", "")
        if not (token[0].isupper() and any(ch.islower() for ch in token[1:]) and letters.isalpha()):
            return None
    if gazetteers is not None and any(gazetteers.lookup(t) or gazetteers.lookup(name) for t in tokens):
        return None
    role = _SPEECH_END.sub("", role).strip().rstrip(":").strip()
    # The title comes first ("Head of …", "Italian National Member at …"), not somewhere in a sentence.
    if not _TITLE_WORDS.search(" ".join(role.split()[:TITLE_MAX_POSITION])):
        return None
    return name, role


@dataclass(frozen=True)
class Speaker:
    """A named person a passage reports speaking, with the span of their apposition (role)."""

    person: str
    role: str
    start: int
    end: int
    label_start: int
    label_end: int


def find_speakers(text: str, gazetteers: Gazetteers | None = None) -> list[Speaker]:
    """Return each named person a passage reports speaking, in order.

    The name is two to four capitalised words (particles such as "van" or "de" allowed,
    diacritics kept), optionally after an honorific ("Dr.", "Mr.") or a title ("Judge",
    "Ambassador"), and is not a known country or organisation. The role is the apposition
    between commas, with a leading title word ("Judge, of the Regional Court in Warsaw").
    """
    found: dict[int, Speaker] = {}
    for pattern in (_NAME_THEN_VERB, _VERB_THEN_NAME, _ACCORDING_TO, _BY_TITLED_PERSON, _AND_TITLED_PERSON):
        for match in pattern.finditer(text):
            if pattern is _BY_TITLED_PERSON and not (match.group("honorific") or match.group("title")):
                continue  # "chaired by Italy and Spain": a name without a title may be a body or a state
            if pattern is _AND_TITLED_PERSON and not _follows_titled_by(text, match.start()):
                continue
            name = match.group("name")
            # "Name Surname of the Court" : the lower-case words after the name are not part of it.
            tokens = name.split()
            # "Tomasz K. Wróblewski of Poland's Office": the name ends before a lower-case word that is no particle.
            cut = next((i for i, t in enumerate(tokens) if t[0].islower() and t not in _PARTICLES), len(tokens))
            if cut >= 2:
                tokens = tokens[:cut]
            while len(tokens) > 2 and tokens[-1][0].islower():
                tokens.pop()
            name = " ".join(tokens)
            if not _looks_like_person(name, gazetteers):
                continue
            title = (match.group("title") or "").strip()
            role = (match.group("role") or "").strip()
            role = re.sub(r"^(?:who|and)\b.*$", "", role).strip()
            start = match.start("name")
            end = start + len(name)
            label = match.span("role") if match.group("role") else (end, end)
            if "ofrole" in pattern.groupindex and match.group("ofrole"):
                label = match.span("ofrole")
                role = match.group("ofrole").strip()
            # A bracket after the name ("Name (France), chair, said") belongs to the label too.
            if "paren" in pattern.groupindex and match.group("paren"):
                label = (match.start("paren"), max(label[1], match.end("paren")))
            role_as_written = ", ".join(part for part in (title, role) if part)
            found.setdefault(start, Speaker(name, role_as_written, start, end, *label))
    return [found[k] for k in sorted(found)]


def _follows_titled_by(text: str, position: int) -> bool:
    """Whether a titled person named by "led/chaired/... by" ends shortly before position, in the same sentence."""
    window_start = max(0, position - BY_LIST_MAX_CHARS)
    for match in _BY_TITLED_PERSON.finditer(text, window_start, position):
        between = text[match.end() : position]
        titled = match.group("honorific") or match.group("title")
        if titled and not _SENTENCE_OR_CLAUSE_END.search(between):
            return True
    return False


def _looks_like_person(name: str, gazetteers: Gazetteers | None) -> bool:
    tokens = name.split()
    capitalised = [t for t in tokens if t[0].isupper()]
    if len(capitalised) < 2 or tokens[0].casefold() in _NOT_FIRST_NAMES:
        return False
    if not all(t[0].isupper() or t in _PARTICLES for t in tokens):
        return False
    if any(t.casefold() in _NAME_STOPWORDS for t in tokens) or any(t in _BODY_TOKENS for t in tokens):
        return False
    if gazetteers is not None and (gazetteers.lookup(name) or any(gazetteers.lookup(t) for t in tokens)):
        return False
    return True


def extract_people(segments: pd.DataFrame, gazetteers: Gazetteers | None = None) -> pd.DataFrame:
    """Return the named people of each document with their role as written and their quotes (people.csv).

    People are found in attribution lines ("Name Surname, title, stated:", the press releases'
    layout) and beside a speech verb in running text (:func:`find_speakers`); ``attributed_by``
    says which. A quote is the run of blocks after an attribution ending in "stated:" up to the block that
    closes the quotation, or else the block just before the attribution when it speaks in the
    first person (the annual report's layout: quote, then name and title); for reported
    speech it is the passage itself.
    """
    rows = []
    blocks = text_blocks(segments)
    for meeting_id, group in blocks.groupby("meeting_id", sort=True):
        group = group.reset_index(drop=True)
        for i, block in group.iterrows():
            parsed = parse_attribution(block["text"], gazetteers)
            if parsed is None:
                # Reported speech: the passage itself holds what the person said.
                speakers = {slugify(s.person): (s.person, s.role) for s in find_speakers(block["text"], gazetteers)}
                for person_id, (person, role) in speakers.items():
                    rows.append(
                        {
                            "meeting_id": meeting_id,
                            "segment_id": block["segment_id"],
                            "person_id": person_id,
                            "person": person,
                            "role_as_written": role,
                            "quote_segment_ids": block["segment_id"],
                            "attributed_by": "speech verb",
                        }
                    )
                for match in _NAMED_IN_PASSING.finditer(block["text"]):
                    person = match.group("name")
                    if slugify(person) in speakers or not _looks_like_person(person, gazetteers):
                        continue
                    speakers[slugify(person)] = (person, "")
                    rows.append(
                        {
                            "meeting_id": meeting_id,
                            "segment_id": block["segment_id"],
                            "person_id": slugify(person),
                            "person": person,
                            "role_as_written": "",
                            "quote_segment_ids": "",
                            "attributed_by": "named in passing",
                        }
                    )
                continue
            person, role = parsed
            quotes = []
            if block["text"].rstrip().endswith(":"):
                for j in range(i + 1, min(i + 1 + QUOTE_MAX_BLOCKS, len(group))):
                    quotes.append(group.loc[j, "segment_id"])
                    if _CLOSING_QUOTE.search(group.loc[j, "text"]):
                        break
                else:
                    quotes = quotes[:1]
            elif i > 0 and parse_attribution(group.loc[i - 1, "text"], gazetteers) is None:
                previous = group.loc[i - 1, "text"]
                if _FIRST_PERSON.search(previous) or previous.lstrip().startswith(("'", "‘", "“", '"')):
                    quotes.append(group.loc[i - 1, "segment_id"])
            rows.append(
                {
                    "meeting_id": meeting_id,
                    "segment_id": block["segment_id"],
                    "person_id": slugify(person),
                    "person": person,
                    "role_as_written": role,
                    "quote_segment_ids": ";".join(quotes),
                    "attributed_by": "attribution line",
                }
            )
    table = pd.DataFrame(rows, columns=tables.column_names("people"))
    table = table[~_short_references(table)]
    return table.sort_values(["meeting_id", "segment_id"], kind="stable").reset_index(drop=True)


_HONORIFIC_OR_TITLE = re.compile(
    rf"^(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?|{_TITLE_WORDS.pattern.removeprefix(chr(92) + 'b').removesuffix(chr(92) + 'b')})\s+"
)


def _short_references(table: pd.DataFrame) -> pd.Series:
    """Rows that name, by title and surname alone, a person of the same meeting named in full.

    "Judge María José Echeverría Ruiz ... said"; later "Judge Echeverría noted": one person, not two.
    """
    short = pd.Series(False, index=table.index)
    for _, group in table.groupby("meeting_id"):
        full_names = [str(p).split() for p in group["person"]]
        for index, person in zip(group.index, group["person"]):
            rest = _HONORIFIC_OR_TITLE.sub("", str(person))
            if rest == person or len(rest.split()) != 1:
                continue
            short[index] = any(rest in words and len(words) >= 2 and " ".join(words) != person for words in full_names)
    return short
