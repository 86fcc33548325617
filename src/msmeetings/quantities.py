"""Key figures: every number a meeting document states, normalised, categorised and cited.

The extractor is a small rule layer of our own. General-purpose libraries were rejected for
reasons reported in their trackers: quantulum3 reads "EUR 121 650" as a bare number and drops
"fewer than", spaCy's small model tags "EUR 4.3 million" as an organisation, and word-to-number
converters turn "4.3 million" into "4.3 1000000". Here digits are parsed by our own rules and
only runs of number words ("nine", "twenty-one") go to ``text2num``.

One text is scanned in two passes:

1. Things that look like numbers but are not quantities are masked and recorded as *skips*
   with a reason: web and e-mail addresses, ISBN, DOI and catalogue numbers, telephone
   numbers, street addresses, dates, year ranges, article/resolution/directive/document/
   section/page/issue references, document numbers with slashes ("15250/18"), ordinals in
   digits ("3rd countries"), codes mixing letters and digits ("EU4FAST"), list and section
   numbers, times of day, years, postcodes. Numbers of more than 15 digits, a currency with
   no number, and any digit no rule explains are recorded too: no digit is silently lost.
2. In what is left, a quantity is a number (digits in any common grouping, or number words)
   with what surrounds it: a qualifier before it ("more than", "nearly", "up to"), a currency
   before or after it ("EUR 121 650", "121 650 euros"), a multiplier ("million"), a percent
   sign, a unit of time ("months"), a second number making a range ("12 to 18 months").
   Ordinals count only in "the seventh in a series" and "sixth phase" (an institution's age).

Scope of "every number stated" (the gold list follows the same rule): cardinal numbers that
count or measure something, from "two" upwards, digits from 0. The word "one" alone is left
out: in these texts it is nearly always a pronoun or a determiner ("one of the main transit
States"), and the indefinite article is never read as a number.

Each quantity then gets what it counts (``counted``: the noun phrase after it, a passive
participle after that, or a nominalisation before it: "the identification of 12 000 migrant
smugglers" -> "migrant smugglers identified"), a category from a small table, the actor who
reported or achieved it and the period it covers when the text says so.

Offsets: ``extract_quantities`` gives offsets in the text it was given. For the corpus, the
sentence's clean text is mapped to the raw document character by character with the
segmenter's own cleaning (which records the raw offset of every clean character); where that
mapping does not reproduce the sentence (a sentence joined across a page break), the value's
text is looked up in the raw span of the sentence, and as a last resort the sentence's own
span is given.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from text_to_num import text2num

from msmeetings.errors import InputError

QUANTITY_COLUMNS = [
    "quantity_id",
    "meeting_id",
    "segment_id",
    "value",
    "value_text",
    "unit",
    "qualifier",
    "value_high",
    "counted",
    "category",
    "actor",
    "reference_period",
    "sentence",
    "char_start",
    "char_end",
]
# The columns scan_quantities fills in for one text; the others come from the segments table.
_FROM_SCAN = ("value", "value_text", "unit", "qualifier", "value_high", "counted", "category")
SKIP_COLUMNS = ["meeting_id", "segment_id", "text", "reason", "char_start", "char_end"]
GOLD_COLUMNS = ["meeting_id", "value", "unit", "qualifier", "counted_hint", "sentence_snippet"]
SEGMENT_INPUT_COLUMNS = (
    "segment_id",
    "meeting_id",
    "kind",
    "section",
    "section_title",
    "parent_id",
    "text",
    "char_start",
    "char_end",
)
QUALIFIERS = ("exact", "approx", "at_least", "more_than", "fewer_than", "up_to", "range")
CATEGORIES = (
    "enforcement",
    "investigations",
    "cooperation instruments",
    "money",
    "participation",
    "documents",
    "people smuggled or safeguarded",
    "institutional",
    "other",
)
CURRENCY_UNITS = ("EUR", "USD", "GBP", "CHF")
TIME_UNITS = ("years", "months", "weeks", "days", "hours")
# Beyond 15 significant digits a float no longer holds the number exactly: not a figure anyone reports.
MAX_DIGITS = 15

_SP = "[ \u00a0\u2009\u202f\u2007]"  # spaces that group thousands: plain, no-break, thin, figure
_MASK = "\x00"

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?![A-Za-z])"
)
_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?(?![0-9])"
_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})"

_UNIT_WORDS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "one": 1,
}
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALE_WORDS = ("hundred", "thousand", "million", "billion")
_NUMBER_WORD = "(?:" + "|".join(sorted([*_UNIT_WORDS, *_TENS_WORDS, *_SCALE_WORDS], key=len, reverse=True)) + ")"
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "twentieth": 20,
}
_MULTIPLIERS = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
}

# --- pass 1: things that look like numbers but are not quantities -------------------------

_SKIP_RULES: list[tuple[str, re.Pattern]] = [
    ("web address", re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+")),
    (
        "ISBN",
        re.compile(r"\bISBN(?:-1[03])?:?\s*[0-9Xx][0-9Xx\s\-]{8,}[0-9Xx]|\b97[89]-[0-9]{1,5}-[0-9]+-[0-9]+-[0-9Xx]\b"),
    ),
    ("DOI", re.compile(r"(?:\bDOI:?\s*)?\b10\.[0-9]{4,9}/[^\s,;]+", re.IGNORECASE)),
    (
        "catalogue number",
        re.compile(
            r"\b(?:catalogue|cat\.)\s*(?:number|no\.?)?\s*:?\s*[A-Z0-9][A-Z0-9\-]*[0-9][A-Z0-9\-]*"
            r"|\b[A-Z]{2}-[0-9]{2}-[0-9]{2}-[0-9]{3}-[A-Z]{2}-[A-Z]\b",
            re.IGNORECASE,
        ),
    ),
    (
        "phone number",
        re.compile(
            r"(?<![\w.,+])(?:\+|00(?=[1-9]))[0-9]{1,3}(?:[\s.\-]?\(?[0-9]{1,4}\)?){2,5}"
            r"|\b(?:tel(?:ephone)?|phone|fax)\.?\s*:?\s*\+?[0-9(][0-9\s.\-()]{5,}[0-9]",
            re.IGNORECASE,
        ),
    ),
    (
        "street address",
        re.compile(
            r"\b[A-Z][a-zà-ÿ]*(?:laan|straat|gracht|weg|plein|kade|strasse|straße|street|road|avenue|lane|boulevard)"
            r"\s+[0-9]{1,4}[a-z]?\b"
            r"|\b[0-9]{1,4}[a-z]?,?\s+(?:rue|avenue|boulevard|via|calle|[A-Z][a-z]+\s+(?:Street|Road|Avenue|Lane))\b"
        ),
    ),
    (
        "reference",
        re.compile(
            r"\b(?P<keyword>Articles?|Art\.|Resolutions?|Directives?|Regulations?|(?:Framework\s+)?Decisions?"
            r"|Conventions?\s+No\.?|Protocols?\s+No\.?|Rules?|Recitals?|Annex(?:es)?|Appendix|Sections?|Chapters?"
            r"|Paragraphs?|Paras?\.|§|Pages?|pp?\.|Issues?|Volumes?|Vol\.|Nos?\.|Footnotes?|Items?|Figure|Fig\."
            r"|Tables?|(?:Council\s+)?documents?|Doc\.|Case\s+No\.?|Report\s+No\.?)"
            r"\s*(?:No\.?\s*)?(?P<ref>[0-9][0-9A-Za-z]*(?:[./\-][0-9A-Za-z]+)*(?:\([0-9a-z]+\))*)"
            r"(?P<more>(?:\s*(?:,|and|or|to|-|–)\s*[0-9][0-9A-Za-z]*(?:[./\-][0-9A-Za-z]+)*(?:\([0-9a-z]+\))*)*)",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b{_DAY}(?:\s*(?:-|–|—|to|and|&)\s*{_DAY})?\s+(?:of\s+)?{_MONTHS}(?:,?\s+[0-9]{{4}}(?![0-9]))?"
            rf"|\b{_MONTHS}\s+{_DAY}(?:\s*(?:-|–)\s*{_DAY})?(?:,?\s+[0-9]{{4}}(?![0-9]))?"
            rf"|\b{_MONTHS}\s+[0-9]{{4}}(?![0-9])"
            r"|\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b|\b[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{4}\b"
        ),
    ),
    (
        "year range",
        re.compile(
            rf"(?<![0-9]){_YEAR}\s*(?:-|–|—|/)\s*(?:{_YEAR}|[0-9]{{2}})(?![0-9/])"
            rf"|(?<![0-9]){_YEAR}\s+(?:to|until|till|and)\s+{_YEAR}(?![0-9])"
        ),
    ),
    ("document number", re.compile(r"(?<![0-9A-Za-z])[0-9]+(?:/[0-9A-Za-z]+)+\b")),
    (
        "ordinal number",
        re.compile(
            r"\b[0-9]{1,4}(?:st|nd|rd|th)\b(?!\s+(?:in\s+(?:a|the)\s+series|phase|edition|round)\b)", re.IGNORECASE
        ),
    ),
    (
        "code or name containing digits",
        re.compile(
            r"\b(?=[0-9A-Za-z]*[0-9])(?=[0-9A-Za-z]*[A-Za-z])[0-9A-Za-z]+(?:[-.][0-9A-Za-z]+)*\b"
            r"|\b[A-Za-z]+-[0-9]+\b"
        ),
    ),
    (
        "list or section number",
        re.compile(
            r"^\s*(?:\(?[0-9]{1,3}[.)](?=\s)|[0-9]{1,3}(?:\.[0-9]{1,3})+\.?(?=\s+[A-Z]))"
            r"|(?<![0-9A-Za-z)])\([0-9]{1,2}\)(?=\s)"
        ),
    ),
    (
        "time of day",
        re.compile(
            r"\b[0-9]{1,2}:[0-9]{2}\b(?:\s*(?:a\.m\.|p\.m\.|am|pm|h|hrs)\b)?"
            r"|\b[0-9]{1,2}\s*(?:a\.m\.|p\.m\.)"
        ),
    ),
    ("year", re.compile(rf"(?<![0-9.,]){_YEAR}(?![0-9]|[.,][0-9])")),
    (
        "postcode",
        re.compile(r"(?<![0-9])[1-9][0-9]{3}\s?[A-Z]{2}(?=\s+[A-Z]|\s*$|\s*,)|(?<=,\s)[0-9]{4,5}(?=\s+[A-Z][a-z]+)"),
    ),
]
# A cheap test per rule: a rule whose guard finds nothing cannot match, so its full pattern is not run.
_SKIP_GUARDS = {
    "web address": re.compile(r"www\.|https?:|@"),
    "ISBN": re.compile(r"ISBN|97[89]-"),
    "DOI": re.compile(r"10\.[0-9]{4}"),
    "catalogue number": re.compile(r"(?i:cat)|-[0-9]{2}-"),
    "phone number": re.compile(r"\+|00|(?i:tel|phone|fax)"),
    "street address": re.compile(
        r"(?i:laan|straat|gracht|weg|plein|kade|stra(?:ss|ß)e|street|road|avenue|lane|boulevard|rue|via|calle)"
    ),
    "date": re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|[0-9]-[0-9]{2}-|[/.][0-9]{4}"),
    "year range": re.compile(r"(?:1[89]|20)[0-9]{2}"),
    "document number": re.compile(r"[0-9]/"),
    "ordinal number": re.compile(r"[0-9](?i:st|nd|rd|th)"),
    "code or name containing digits": re.compile(r"[A-Za-z][0-9]|[0-9][A-Za-z]|[A-Za-z]-[0-9]"),
    "list or section number": re.compile(r"^\s*\(?[0-9]|\([0-9]"),
    "time of day": re.compile(r":|[ap]\.m\."),
    "year": re.compile(r"(?:1[89]|20)[0-9]{2}"),
    "postcode": re.compile(r"[0-9]{4}"),
}
_REFERENCE_REASONS = {
    "section": "section number",
    "chapter": "section number",
    "paragraph": "section number",
    "para": "section number",
    "§": "section number",
    "page": "page number",
    "p": "page number",
    "pp": "page number",
    "issue": "issue number",
    "volume": "issue number",
    "vol": "issue number",
    "document": "document number",
    "council document": "document number",
    "doc": "document number",
    "article": "article number",
    "art": "article number",
    "resolution": "resolution number",
    "directive": "directive number",
    "footnote": "footnote number",
}
_CODE_EXCEPTIONS = re.compile(r"[0-9]+(?:st|nd|rd|th|m|mn|bn|k|km|kg|h)", re.IGNORECASE)
# A year-like number that counts something: "more than 2000 migrants", "2000 euros".
_YEAR_AS_QUANTITY_AFTER = re.compile(
    r"\s*(?:%|per\s?cent\b|percent\b|thousand\b|million\b|billion\b|EUR\b|euros?\b|€)|\s+(?P<noun>[a-z][a-z\-]*s)\b"
)
_YEAR_PREPOSITIONS = re.compile(
    r"(?:\b(?:in|since|from|until|till|by|of|during|for|before|after|between|and|to|the|early|late|mid|year|spring"
    r"|summer|autumn|winter|end|beginning|as)\s*|-)$",
    re.IGNORECASE,
)
_NOT_PLURAL_NOUNS = frozenset(
    {"was", "is", "has", "as", "its", "this", "his", "thus", "plus", "us", "always", "besides"}
)

# --- pass 2: quantities -------------------------------------------------------------------

_DIGITS = (
    rf"(?:[0-9]{{1,3}}(?:(?:{_SP}|,)[0-9]{{3}})+(?:\.[0-9]+)?"
    r"|[0-9]{1,3}(?:\.[0-9]{3}){2,}(?:,[0-9]+)?"
    r"|[0-9]+(?:[.,][0-9]+)?)(?![0-9]|[.,][0-9])"
)
_DIGITS_RE = re.compile(rf"(?<![0-9A-Za-z.,/\-{_MASK}]){_DIGITS}")
_DIGITS_AT = re.compile(_DIGITS)
_WORDS_RE = re.compile(
    rf"\b(?:(?P<dozen>an?\s+dozen|[a-z]+(?:-[a-z]+)?\s+dozen)"
    rf"|{_NUMBER_WORD}(?:(?:-|{_SP}+|{_SP}+and{_SP}+){_NUMBER_WORD})*)\b",
    re.IGNORECASE,
)
_ORDINAL_RE = re.compile(
    r"\b(?P<ordinal>" + "|".join(_ORDINALS) + r"|[0-9]{1,3}(?:st|nd|rd|th))"
    r"(?=\s+(?:in\s+(?:a|the)\s+series|phase|edition|round)\b|\s+(?:annual\s+)?meeting\s+in\s+(?:a|the)\s+series)",
    re.IGNORECASE,
)
_WORD_NOT_QUANTITY_AFTER = re.compile(r"-(?:way|fold|tier|thirds?|quarters?|pronged|sided|step|off)\b", re.IGNORECASE)
_QUALIFIER_BEFORE = re.compile(
    r"(?P<q>more\s+than|in\s+excess\s+of|upwards\s+of|exceeding|over|above|at\s+least|no\s+fewer\s+than"
    r"|no\s+less\s+than|not\s+less\s+than|a\s+minimum\s+of|fewer\s+than|less\s+than|under|below"
    r"|approximately|approx\.|about|around|roughly|some|nearly|almost|close\s+to|an\s+estimated|estimated"
    r"|circa|ca\.|c\.|~|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of"
    r"|between|from)\s*$",
    re.IGNORECASE,
)
_QUALIFIER_MAP = {
    "more than": "more_than",
    "in excess of": "more_than",
    "upwards of": "more_than",
    "exceeding": "more_than",
    "over": "more_than",
    "above": "more_than",
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    "a minimum of": "at_least",
    "fewer than": "fewer_than",
    "less than": "fewer_than",
    "under": "fewer_than",
    "below": "fewer_than",
    "up to": "up_to",
    "at most": "up_to",
    "no more than": "up_to",
    "not more than": "up_to",
    "a maximum of": "up_to",
}
_CURRENCY_BEFORE = re.compile(r"(?P<cur>\bEUR|€|\bUSD|US\$|\$|\bGBP|£|\bCHF)\s*$")
_CURRENCY_AFTER = re.compile(
    r"\s*(?P<cur>EUR\b|€|euros?\b|USD\b|US\s+dollars?\b|dollars?\b|GBP\b|pounds?\s+sterling\b|CHF\b)", re.IGNORECASE
)
_CURRENCY_CODES = {
    "eur": "EUR",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "usdollar": "USD",
    "usdollars": "USD",
    "gbp": "GBP",
    "£": "GBP",
    "poundsterling": "GBP",
    "poundssterling": "GBP",
    "chf": "CHF",
}
_MULTIPLIER_AFTER = re.compile(
    r"(?:\s*(?P<word>thousand|million|billion|trillion)\b|(?P<abbr>k|m|mn|bn)\b)", re.IGNORECASE
)
_PERCENT_AFTER = re.compile(r"\s*(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
_TIME_UNIT_AFTER = re.compile(
    r"(?:\s+|-)(?P<unit>years?|months?|weeks?|days?|hours?)\b(?P<old>[\s-]old\b)?", re.IGNORECASE
)
_RANGE_SEPARATOR = re.compile(rf"{_SP}*(?P<sep>-|–|—|to|and){_SP}*", re.IGNORECASE)
_LONE_CURRENCY = re.compile(r"\b(?:EUR|USD|GBP|CHF)\b|[€£$]")
_ANY_DIGIT = re.compile(r"[0-9]+")
# Cheap test that lets most sentences (no digit, no number word, no currency) skip all the rules.
# The lookahead lets the engine try the word list only where a word starts with a possible letter.
_MAYBE_NUMBER = re.compile(
    r"[0-9€£$]|\b(?:EUR|USD|GBP|CHF)\b|\b(?=[zotfsenhmbdZOTFSENHMBD])(?i:(?:"
    + "|".join(
        sorted((w for w in (*_UNIT_WORDS, *_TENS_WORDS, *_SCALE_WORDS, "dozen") if w != "one"), key=len, reverse=True)
    )
    + r")\b|(?:"
    + "|".join(_ORDINALS)
    + r")\s+(?:in|phase|edition|round|annual|meeting)\b)"
)

# --- what is counted ----------------------------------------------------------------------

_JIT_RE = re.compile(r"\bJITs?\b|joint investigation team", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’/\-]*")
_WORD_GAP = re.compile(r"\s+|-")
_STOP_WORDS = frozenset(
    """
a an the and or of in on at to for from with by were was have has had are is be been being which that
who whom whose where while as than during resulting including between per each against focussing focusing
using related but not only also so such these those this its their his her it they there here into onto
over under about after before since until within without through across among amongst via if when
""".split()
)
_PASSIVE = re.compile(
    r"\s+(?:were|was|are|is|have\s+been|has\s+been|had\s+been|been|being)\s+(?:[a-z]+ly\s+)?"
    r"(?P<participle>[a-z]+ed|held|caught|taken|brought|found|sent|made|seen|frozen|set\s+up|ongoing|pending|underway)"
    r"(?P<as>\s+as\s+[a-z]+(?:\s+or\s+[a-z]+)?)?\b"
)
_NOMINALISATIONS = {
    "identification": "identified",
    "apprehension": "apprehended",
    "conviction": "convicted",
    "arrest": "arrested",
    "detention": "detained",
    "seizure": "seized",
    "confiscation": "confiscated",
    "prosecution": "prosecuted",
    "extradition": "extradited",
    "rescue": "rescued",
    "coordination": "coordinated",
    "interception": "intercepted",
    "dismantling": "dismantled",
    "referral": "referred",
    "registration": "registered",
    "deployment": "deployed",
}
_NOMINALISATION_BEFORE = re.compile(
    r"\b(?P<noun>" + "|".join(_NOMINALISATIONS) + r")s?\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
_OF_BEFORE = re.compile(r"(?:\b(?P<w1>[A-Za-z][\w-]*)\s+)?\b(?P<w2>[A-Za-z][\w-]*)\s+of\s+(?:the\s+)?$")
_MONEY_VERBS = re.compile(
    r"\b(?P<verb>confiscated|seized|frozen|recovered|laundered|paid|transferred|generated|earned|forfeited)\b"
)
_INCLUDING_BEFORE = re.compile(r"(?P<phrase>(?:[A-Za-z][\w-]*\s+){0,1}[A-Za-z][\w-]*)\s*\(?\s*including\s+$")
_OF_WHICH_AFTER = re.compile(r"\s+of\s+(?:which|whom|them|these|those)\b")
_AFTER_OF_THE = re.compile(r"\s+of\s+(?:the\s+|all\s+|these\s+|those\s+)?")
_DETERMINERS = frozenset({"a", "an", "the", "its", "their", "this", "that", "these", "those", "generating", "with"})

_CATEGORY_RULES: list[tuple[str, re.Pattern]] = [
    (
        "cooperation instruments",
        re.compile(
            r"joint investigation teams?|\bJITs?\b|coordination (?:meetings?|centres?)|joint teams?|contact points?"
            r"|focus groups?|study visits?|liaison|cooperation agreements?",
            re.IGNORECASE,
        ),
    ),
    (
        "enforcement",
        re.compile(
            r"arrest|apprehen|identified|convict|plea agreements?|prosecuted|\bsuspects?\b|\bsmugglers?\b|searched"
            r"|detained|sentenc|extradit|charged|indicted",
            re.IGNORECASE,
        ),
    ),
    ("documents", re.compile(r"document|passports?|\bvisas?\b|identity cards?", re.IGNORECASE)),
    (
        "people smuggled or safeguarded",
        re.compile(
            r"\bmigrants?\b|\bvictims?\b|\bpersons?\b|\bpeople\b|\brefugees?\b|asylum seekers?|\bchildren\b",
            re.IGNORECASE,
        ),
    ),
    ("institutional", re.compile(r"missions?|\bphases?\b|series|pillars?|\bmandates?\b|\bstaff\b", re.IGNORECASE)),
    (
        "investigations",
        re.compile(
            r"investigations?|\bcases?\b|operations?|networks?|\bOCGs?\b|subgroups?|criminal groups?|contributions?"
            r"|proceedings|trials?",
            re.IGNORECASE,
        ),
    ),
    (
        "participation",
        re.compile(
            r"countries|\bstates\b|organisations|organizations|\bmembers?\b|participants|delegations|agencies"
            r"|attendees|practitioners|prosecutors|judges|experts",
            re.IGNORECASE,
        ),
    ),
]

# --- who reported it ----------------------------------------------------------------------

_ACTORS: list[tuple[str, str]] = [
    (r"\bEuropol\b|\bEMSC\b|European Migrant Smuggling Centre", "Europol"),
    (r"\bFrontex\b", "Frontex"),
    (r"\bEuroMed Justice\b", "EuroMed Justice"),
    (r"\bEurojust\b", "Eurojust"),
    (r"\bthe TF\b|\btask force \(TF\)|Serbian task force", "Serbian task force"),
    (r"North Sea Task Force|\bNSTF\b", "North Sea Task Force"),
    (r"European External Action Service|\bEEAS\b", "EEAS"),
    (r"EUNAVFOR MED", "EUNAVFOR MED"),
    (r"European Commission|\bthe Commission\b", "European Commission"),
    (r"\bUNSMIL\b", "UNSMIL"),
    (r"\bWACAP\b", "WACAP"),
    (r"\bUNODC\b|United Nations Office on Drugs and Crime", "UNODC"),
    (r"\bInterpol\b", "Interpol"),
    (r"International Criminal Court", "International Criminal Court"),
    (r"\bSweden\b|\bSwedish\b", "Swedish authorities"),
    (r"\bUK\b|United Kingdom|\bBritish\b", "UK authorities"),
    (r"\bGreece\b|\bGreek\b", "Greek authorities"),
    (r"\bItaly\b|\bItalian\b", "Italian authorities"),
    (r"\bBelgium\b|\bBelgian\b", "Belgian authorities"),
    (r"\bFrance\b|\bFrench\b", "French authorities"),
    (r"\bNetherlands\b|\bDutch\b", "Dutch authorities"),
    (r"\bGermany\b|\bGerman\b", "German authorities"),
    (r"\bSpain\b|\bSpanish\b", "Spanish authorities"),
    (r"\bSerbia\b|\bSerbian\b", "Serbian authorities"),
    (r"\bTurkey\b|\bTürkiye\b|\bTurkish\b", "Turkish authorities"),
    (r"\bparticipants\b", "meeting participants"),
]
# Every pattern starts a word with a capital, "t" or "p": the lookahead skips all other positions fast.
_ACTOR_RE = re.compile(
    r"\b(?=[A-Ztp])(?:" + "|".join(f"(?P<a{i}>{pattern})" for i, (pattern, _) in enumerate(_ACTORS)) + ")"
)
_REPORTING_VERB = re.compile(
    r"\b(?:presented|gave\s+(?:a|an)\s+(?:presentation|overview|update)"
    r"|provided\s+(?:a|an)\s+(?:overview|update|example)"
    r"|highlighted|reported|explained|described|informed|noted|stressed|outlined|proposed|emphasi[sz]ed|stated)\b",
    re.IGNORECASE,
)
NATIONAL_SUFFIX = " authorities"
REPORTING_BODIES = ("Eurojust", "Europol", "Frontex", "national authorities", "other")

# --- the period a figure covers -----------------------------------------------------------

_PERIOD_RE = re.compile(
    rf"(?P<range>(?<![0-9])(?P<r1>{_YEAR})\s*(?:-|–|—|/)\s*(?P<r2>{_YEAR}|[0-9]{{2}})(?![0-9])"
    rf"|(?:from|between)\s+(?P<f1>{_YEAR})\s+(?:to|and|until)\s+(?P<f2>{_YEAR}))"
    rf"|(?P<year>(?<![0-9]){_YEAR}(?![0-9]))"
)
_PERIOD_EXCLUDED_BEFORE = re.compile(
    r"\b(?:since|started|start|began|launched|created|established|set\s+up|founded|adopted|signed|published|"
    r"dated)\s+(?:in\s+)?(?:\w+\s+)?$|\bof\s+[0-9]{1,2}\s+" + _MONTHS + r"\s+$",
    re.IGNORECASE,
)


@dataclass
class _Skip:
    start: int
    end: int
    reason: str


@dataclass
class _Quantity:
    start: int
    end: int
    value: float
    value_text: str
    unit: str
    qualifier: str
    value_high: float | None
    lead: int = -1  # start of the qualifier, when there is one
    head: str = ""  # noun phrase counted, without what happened to it
    counted: str = ""


def _normalise_digits(text: str) -> str:
    """Return the text with every Unicode decimal digit as its ASCII digit, offsets unchanged."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + _MASK * (end - start) + text[end:]


def _find_skips(text: str) -> tuple[str, list[_Skip]]:
    """Mask every number-like span that is not a quantity; return the masked text and the skips."""
    skips: list[_Skip] = []
    masked = text
    if not _ANY_DIGIT.search(text):
        return masked, skips  # every rule needs a digit
    for reason, pattern in _SKIP_RULES:
        guard = _SKIP_GUARDS.get(reason)
        if guard is not None and not guard.search(masked):
            continue
        for match in pattern.finditer(masked):
            start, end = match.span()
            if not _ANY_DIGIT.search(match.group()) or _MASK in match.group():
                continue
            why = reason
            if reason == "reference":
                keyword = re.sub(r"\s+", " ", match.group("keyword").lower().rstrip(".s")) or "§"
                if keyword.endswith("decision") or keyword in (
                    "regulation",
                    "rule",
                    "recital",
                    "convention no",
                    "protocol no",
                    "annex",
                    "appendix",
                ):
                    why = "legal reference"
                else:
                    why = _REFERENCE_REASONS.get(keyword, "reference number")
                if not match.group("keyword").lower().endswith("s"):
                    end = match.end("ref")  # "Article 19 and 20" is not written; a lone ref stops here
            elif reason == "code or name containing digits" and _CODE_EXCEPTIONS.fullmatch(match.group()):
                continue
            elif reason == "year" and _year_counts_something(masked, start, end):
                continue
            skips.append(_Skip(start, end, why))
            masked = _mask(masked, start, end)
    return masked, skips


def _year_counts_something(text: str, start: int, end: int) -> bool:
    """True when a number between 1800 and 2099 counts something rather than naming a year."""
    before = text[max(0, start - 25) : start]
    if _QUALIFIER_BEFORE.search(before) and not re.search(r"(?:between|from)\s*$", before, re.IGNORECASE):
        return True
    if _CURRENCY_BEFORE.search(before):
        return True
    after = _YEAR_AS_QUANTITY_AFTER.match(text, end)
    if not after:
        return False
    if after.group("noun") is None:
        return True
    return after.group("noun").lower() not in _NOT_PLURAL_NOUNS and not _YEAR_PREPOSITIONS.search(before)


def _parse_digits(token: str) -> float:
    """Return the value of a number written in digits ("12 000", "1,250", "1.000.000", "80.6", "4,5").

    Raises:
        OverflowError: If the number has more than MAX_DIGITS digits.
    """
    compact = re.sub(_SP, " ", token)
    if re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3}){2,}(?:,[0-9]+)?", compact):
        number = compact.replace(".", "").replace(",", ".")  # European grouping "1.000.000,5"
    elif re.fullmatch(r"[0-9]{1,3}(?:[ ,][0-9]{3})+(?:\.[0-9]+)?", compact):
        number = compact.replace(" ", "").replace(",", "")
    else:
        number = compact.replace(",", ".")  # a decimal comma: "4,5 million"
    if len(number.split(".")[0].lstrip("0")) > MAX_DIGITS:
        raise OverflowError(token)
    return float(number)


def _parse_words(phrase: str) -> float | None:
    """Return the value of a run of number words, or None when it is not a number we count."""
    words = re.sub(r"[\s\-]+", " ", phrase.strip().lower())
    if words.endswith("dozen"):
        first = words.rsplit(" ", 1)[0]
        if first in ("a", "an"):
            return 12.0
        inner = _parse_words(first)
        return None if inner is None else inner * 12
    if words == "one":
        return None  # a pronoun or determiner far more often than a figure
    try:
        return float(text2num(words, "en"))
    except ValueError:
        return None


def _split_word_run(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a run of number words text2num cannot read ("two and three") into readable parts."""
    if _parse_words(text[start:end]) is not None:
        return [(start, end)]
    parts = [m.span() for m in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)*", text[start:end])]
    spans = []
    for s, e in parts:
        if text[start + s : start + e].lower() != "and":
            spans.append((start + s, start + e))
    return spans


def _number_at(masked: str, pos: int, *, words: bool) -> tuple[int, int, float] | None:
    """Read a number (digits, or number words when words is True) starting at pos."""
    match = _DIGITS_AT.match(masked, pos)
    if match:
        try:
            return pos, match.end(), _parse_digits(match.group())
        except OverflowError:
            return None
    if words:
        match = _WORDS_RE.match(masked, pos)
        if match:
            value = _parse_words(match.group())
            if value is not None:
                return pos, match.end(), value
    return None


def _read_suffixes(masked: str, end: int) -> tuple[int, float, str]:
    """Read a multiplier and a currency, percent sign or time unit after a number."""
    multiplier = 1.0
    unit = "count"
    match = _MULTIPLIER_AFTER.match(masked, end)
    if match and (match.group("word") or masked[end - 1 : end].isdigit()):
        multiplier = _MULTIPLIERS[(match.group("word") or match.group("abbr")).lower()]
        end = match.end()
    if match := _PERCENT_AFTER.match(masked, end):
        return match.end(), multiplier, "percent"
    if match := _CURRENCY_AFTER.match(masked, end):
        return match.end(), multiplier, _currency_code(match.group("cur"))
    if match := _TIME_UNIT_AFTER.match(masked, end):
        name = match.group("unit").lower()
        unit = name if name.endswith("s") else name + "s"
        return match.end(), multiplier, unit
    return end, multiplier, unit


def _currency_code(surface: str) -> str:
    return _CURRENCY_CODES[re.sub(r"\s+", "", surface.lower())]


def _find_quantities(text: str, masked: str) -> tuple[list[_Quantity], list[_Skip]]:
    """Find the quantities in a masked text (see the module docstring)."""
    quantities: list[_Quantity] = []
    skips: list[_Skip] = []
    taken = [False] * len(masked)

    candidates: list[tuple[int, int, str]] = []  # start, end, kind
    for match in _ORDINAL_RE.finditer(masked):
        candidates.append((match.start(), match.end(), "ordinal"))
    for match in _DIGITS_RE.finditer(masked):
        candidates.append((match.start(), match.end(), "digits"))
    for match in _WORDS_RE.finditer(masked):
        if _WORD_NOT_QUANTITY_AFTER.match(masked, match.end()):
            continue
        if match.group("dozen"):
            candidates.append((match.start(), match.end(), "words"))
            continue
        for s, e in _split_word_run(masked, *match.span()):
            candidates.append((s, e, "words"))
    # At one position an ordinal ("7th in a series") wins over the digits it starts with.
    candidates.sort(key=lambda c: (c[0], c[2] != "ordinal", -c[1]))

    for start, end, kind in candidates:
        if any(taken[start:end]):
            continue
        if kind == "ordinal":
            word = masked[start:end].lower()
            value = float(_ORDINALS.get(word) or int(re.match(r"[0-9]+", word).group()))
            quantities.append(_Quantity(start, end, value, text[start:end], "ordinal", "exact", None))
            taken[start:end] = [True] * (end - start)
            continue
        if kind == "digits":
            try:
                value = _parse_digits(masked[start:end])
            except OverflowError:
                n_digits = sum(len(run) for run in _ANY_DIGIT.findall(masked[start:end]))
                skips.append(_Skip(start, end, f"number too long ({n_digits} digits)"))
                taken[start:end] = [True] * (end - start)
                continue
        else:
            value = _parse_words(masked[start:end])
            if value is None:
                continue
        q_start = start
        before = masked[:start]
        currency = ""
        if match := _CURRENCY_BEFORE.search(before, max(0, len(before) - 8)):
            currency = _currency_code(match.group("cur"))
            q_start = match.start()
            before = masked[:q_start]
        qualifier = "exact"
        qualifier_word = ""
        lead = q_start
        window = max(0, len(before) - 30)
        if match := _QUALIFIER_BEFORE.search(before, window):
            lead = match.start()
            qualifier_word = re.sub(r"\s+", " ", match.group("q").lower())
            if qualifier_word not in ("between", "from"):
                qualifier = _QUALIFIER_MAP.get(qualifier_word, "approx")
        q_end, multiplier, unit = _read_suffixes(masked, end)
        value_high = None
        # A range: "12 to 18 months", "between 2 and 3", "EUR 2-3 million".
        if sep := _RANGE_SEPARATOR.match(masked, q_end if unit == "count" else end):
            word = sep.group("sep").lower()
            if word != "and" or qualifier_word == "between":
                second = _number_at(masked, sep.end(), words=(kind == "words"))
                if second is not None and not any(taken[second[0] : second[1]]):
                    high_end, high_multiplier, high_unit = _read_suffixes(masked, second[1])
                    if unit == "count" and high_unit != "count":
                        unit = high_unit
                    if multiplier == 1.0 and high_multiplier != 1.0:
                        multiplier = high_multiplier
                    value_high = second[2] * high_multiplier
                    q_end = high_end
                    qualifier = "range"
        if currency:
            unit = currency
        elif qualifier_word in ("between", "from") and qualifier != "range":
            qualifier = "exact"
        quantities.append(
            _Quantity(
                start=q_start,
                end=q_end,
                value=value * multiplier,
                value_text=text[q_start:q_end].strip(),
                unit=unit,
                qualifier=qualifier,
                value_high=value_high,
                lead=lead,
            )
        )
        taken[q_start:q_end] = [True] * (q_end - q_start)

    quantities.sort(key=lambda q: q.start)
    covered = "".join(_MASK if flag else ch for flag, ch in zip(taken, masked))
    for match in _LONE_CURRENCY.finditer(covered):
        skips.append(_Skip(match.start(), match.end(), "currency without number"))
    for match in _ANY_DIGIT.finditer(covered):
        skips.append(_Skip(match.start(), match.end(), "unparsed number"))
    return quantities, skips


# --- what is counted, its category, who reported it, the period -----------------------------


def _noun_phrase(text: str, pos: int) -> tuple[str, int]:
    """Return the noun phrase starting at pos (up to six words, stopping at function words)."""
    words: list[str] = []
    end = pos
    cursor = pos
    while len(words) < 6:
        match = _WORD_GAP.match(text, cursor) if cursor < len(text) else None
        if match is None and words:
            break
        after_space = match.end() if match else cursor
        word = _WORD.match(text, after_space)
        if not word or word.group().lower() in _STOP_WORDS:
            break
        if words and word.group().lower().endswith("ing") and len(word.group()) > 5:
            break  # "a 15-year-old boy staying in Greece": the participle starts a new clause
        if words and re.search(r"[^s]s$", words[-1]) and word.group().lower().endswith("ed"):
            break  # "12 teams received support": a verb; "9 OCGs prosecuted" is added back by _describe
        token = word.group().rstrip("'’-")
        words.append(token)
        end = after_space + len(token)
        cursor = end
    return " ".join(words), end


def _of_phrase(match: re.Match) -> str:
    """The one or two words before "of", without a determiner: "a period of" -> "period"."""
    return " ".join(w for w in (match.group("w1"), match.group("w2")) if w and w.lower() not in _DETERMINERS)


def _describe(text: str, quantities: list[_Quantity]) -> None:
    """Fill in ``head`` and ``counted`` of each quantity of one text."""
    previous_head = ""
    for q in quantities:
        head, end, suffix = "", q.end, ""
        # Only the words just before the figure matter; a bounded window keeps the $-anchored searches cheap.
        before = text[max(0, (q.lead if q.lead >= 0 else q.start) - 80) : q.lead if q.lead >= 0 else q.start]
        if q.unit == "ordinal":
            if re.search(r"series", text[q.end : q.end + 25]) and "meeting" in text.lower():
                q.head = "meetings in the series"
            else:
                q.head = "project phase" if re.match(r"\s+phase", text[q.end :]) else "position in a series"
            q.counted = "meeting in a series" if q.head == "meetings in the series" else q.head
            previous_head = q.head
            continue
        if q.unit in TIME_UNITS:
            if q.value_text.lower().endswith("old"):
                noun, _ = _noun_phrase(text, q.end)
                q.head = q.counted = f"age of {noun}".strip() if noun else "age"
                continue
            of = _OF_BEFORE.search(before)
            phrase = _of_phrase(of) if of else ""
            phrase = phrase or "duration"
            if _JIT_RE.search(text) and "JIT" not in phrase:
                phrase = f"JIT {phrase}"
            q.head = q.counted = phrase
            continue
        if of_which := _OF_WHICH_AFTER.match(text, q.end):
            head, end = previous_head, of_which.end()
        elif q.unit == "percent" and (of := _AFTER_OF_THE.match(text, q.end)):
            head, end = _noun_phrase(text, of.end())
        elif q.unit in CURRENCY_UNITS:
            head, end = "", q.end
        else:
            head, end = _noun_phrase(text, q.end)
        if not head and q.unit in CURRENCY_UNITS:
            window = text[q.end : q.end + 60]
            if verb := _MONEY_VERBS.search(window):
                suffix = verb.group("verb")
                head = "money"
            elif of := _OF_BEFORE.search(before):
                head = _of_phrase(of)
            head = head or "money"
        if not head:
            if including := _INCLUDING_BEFORE.search(before):
                head = including.group("phrase")
            elif previous_head:
                head = previous_head
        if nominal := _NOMINALISATION_BEFORE.search(before):
            suffix = _NOMINALISATIONS[nominal.group("noun").lower()]
        elif not suffix and (passive := _PASSIVE.match(text, end)):
            suffix = passive.group("participle") + (passive.group("as") or "")
        elif not suffix and (
            trailing := re.match(
                r"\s+(?P<p>prosecuted|arrested|convicted|seized|confiscated|detained"
                r"|identified|rescued|extradited|sentenced)\b",
                text[end:],
            )
        ):
            suffix = trailing.group("p")
        q.head = head
        q.counted = " ".join(part for part in (head, re.sub(r"\s+", " ", suffix)) if part)
        if head and q.unit != "percent":
            previous_head = head


def categorise_quantity(counted: str, unit: str, sentence: str = "") -> str:
    """Return the category of a figure from what it counts, its unit and, if needed, its sentence.

    Args:
        counted: What the figure counts ("suspects arrested").
        unit: Its unit ("count", "EUR", "percent", "months", "ordinal", ...).
        sentence: The sentence it comes from (used for durations: a JIT's duration is a
            cooperation instrument's).

    Returns:
        One of ``CATEGORIES``.
    """
    if unit in CURRENCY_UNITS:
        return "money"
    if unit == "ordinal":
        return "institutional"
    if unit in TIME_UNITS:
        if counted.startswith("age"):
            return "other"
        if _CATEGORY_RULES[0][1].search(counted) or _CATEGORY_RULES[0][1].search(sentence):
            return "cooperation instruments"
        return "other"
    for category, pattern in _CATEGORY_RULES:
        if pattern.search(counted):
            return category
    return "other"


def find_actor(text: str) -> str:
    """Return the first reporting body or national authority a text names, or "".

    Args:
        text: A sentence or a heading.

    Returns:
        A canonical name ("Europol", "Serbian task force", "Swedish authorities", ...).
    """
    match = _ACTOR_RE.search(text)
    if not match:
        return ""
    return _ACTORS[int(match.lastgroup[1:])][1]


def classify_reporting_body(actor: str) -> str:
    """Return the kind of body behind a figure: one of ``REPORTING_BODIES``."""
    if actor in ("Eurojust", "Europol", "Frontex"):
        return actor
    if actor.endswith(NATIONAL_SUFFIX) or actor == "Serbian task force":
        return "national authorities"
    return "other"


def find_reference_period(text: str, start: int = 0, end: int | None = None, *, _skips: list | None = None) -> str:
    """Return the year or years a figure at text[start:end] is about, when the text says so.

    The marker nearest to the figure wins; years that date something else ("started in 2015",
    "since 2017", "launched in 2013") are not periods. Two years joined by "and in" are both kept.

    Args:
        text: The sentence.
        start: Offset of the figure.
        end: Offset after the figure.

    Returns:
        "2023", "2015-2017", "2016;2017", or "".
    """
    end = start if end is None else end
    text = _normalise_digits(text)
    skips = _find_skips(text)[1] if _skips is None else _skips
    legal = [s for s in skips if s.reason not in ("date", "year", "year range")]
    markers: list[tuple[int, int, str]] = []
    for match in _PERIOD_RE.finditer(text):
        if any(s.start <= match.start() < s.end for s in legal):
            continue
        if _PERIOD_EXCLUDED_BEFORE.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        if match.group("range"):
            first = match.group("r1") or match.group("f1")
            second = match.group("r2") or match.group("f2")
            if len(second) == 2:
                second = first[:2] + second
            markers.append((match.start(), match.end(), f"{first}-{second}"))
        else:
            markers.append((match.start(), match.end(), match.group("year")))
    if not markers:
        return ""

    def distance(marker: tuple[int, int, str]) -> int:
        return marker[0] - end if marker[0] >= end else start - marker[1]

    best = min(markers, key=lambda m: (distance(m), m[0]))
    index = markers.index(best)
    between = text[best[1] : markers[index + 1][0]] if index + 1 < len(markers) else ""
    if between and re.fullmatch(r"\s*(?:and|,)\s*(?:in\s+)?(?:\w+\s+)?", between):
        return f"{best[2]};{markers[index + 1][2]}"
    return best[2]


# --- public API: one text -----------------------------------------------------------------


def scan_quantities(text: str) -> tuple[list[dict], list[dict]]:
    """Return the quantities of one text and the number-like spans skipped, with reasons.

    Args:
        text: One sentence (or any clean text). Empty text and unusual digits are fine.

    Returns:
        ``(quantities, skips)``. Each quantity: value, value_text, unit, qualifier, value_high,
        counted, category, actor, reference_period, char_start, char_end (offsets in ``text``
        of ``value_text``, which holds currency, multiplier, unit and range but not the
        qualifier). Each skip: text, reason, char_start, char_end.
    """
    if not isinstance(text, str) or not text:
        return [], []
    normal = _normalise_digits(text)
    if not _MAYBE_NUMBER.search(normal):
        return [], []
    masked, skips = _find_skips(normal)
    found, more_skips = _find_quantities(text, masked)
    skips.extend(more_skips)
    _describe(normal, found)
    actor = find_actor(text)
    quantities = []
    for q in found:
        quantities.append(
            {
                "value": q.value,
                "value_text": q.value_text,
                "unit": q.unit,
                "qualifier": q.qualifier,
                "value_high": q.value_high,
                "counted": q.counted,
                "category": categorise_quantity(q.counted, q.unit, text),
                "actor": actor,
                "reference_period": ""
                if q.unit in ("ordinal", *TIME_UNITS)
                else find_reference_period(normal, q.start, q.end, _skips=skips),
                "char_start": q.start + (len(text[q.start : q.end]) - len(text[q.start : q.end].lstrip())),
                "char_end": q.start + len(text[q.start : q.end].rstrip()),
            }
        )
    skip_rows = [
        {"text": text[s.start : s.end], "reason": s.reason, "char_start": s.start, "char_end": s.end}
        for s in sorted(skips, key=lambda s: (s.start, s.end))
    ]
    return quantities, skip_rows


def extract_quantities(text: str) -> list[dict]:
    """Return the quantities stated in one text (see ``scan_quantities``)."""
    return scan_quantities(text)[0]


# --- public API: the corpus ---------------------------------------------------------------


def _check_columns(df: pd.DataFrame, needed: tuple[str, ...] | list[str], where: str, fix: str) -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise InputError(f"{where}: missing column(s) {', '.join(missing)}. {fix}")


def _raw_offsets(
    sentence: str, raw: str | None, start: int, end: int, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Map spans of a sentence's clean text to offsets in the raw document (see module docstring)."""
    if raw is None or raw[start:end] == sentence:
        return [(start + s, start + e) for s, e in spans]
    from msmeetings.segment import clean_with_offsets  # the segmenter's own cleaning, so both agree

    clean, offsets = clean_with_offsets(raw[start:end], start)
    if clean == sentence:
        return [(offsets[s], offsets[e - 1] + 1) for s, e in spans]
    mapped = []
    for s, e in spans:
        needle = sentence[s:e]
        rank = sentence.count(needle, 0, s)
        position, found = -1, -1
        for _ in range(rank + 1):
            found = raw.find(needle, (found + 1) if found >= 0 else start, end)
            if found < 0:
                break
            position = found
        mapped.append((position, position + len(needle)) if found >= 0 else (start, end))
    return mapped


def scan_corpus_quantities(
    segments: pd.DataFrame, raw_texts: dict[str, str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Extract the quantities of every sentence of a segments table, and the skipped spans.

    Sentences of all text blocks are read, footnotes included. An actor the sentence does not
    name is taken from context, in this order: for a footnote, the block citing it; the body
    that last presented something in the same section ("Greece presented a series of
    cases ..."); an earlier sentence of the same block; the section title.

    Args:
        segments: The segments table (``msmeetings.segment``), at least the columns in
            ``SEGMENT_INPUT_COLUMNS``.
        raw_texts: Raw text of each meeting's document, by meeting id, to map offsets exactly
            (see the module docstring). Without it, offsets assume the sentence is written in
            the raw text as in its clean text.

    Returns:
        ``(quantities, skips)`` with columns ``QUANTITY_COLUMNS`` and ``SKIP_COLUMNS``, sorted by
        segment and position.

    Raises:
        InputError: If a column is missing.
    """
    _check_columns(
        segments,
        SEGMENT_INPUT_COLUMNS,
        "segments table",
        "Pass data/processed/segments.csv as written by chapter 1 (msmeetings.segment).",
    )
    frame = segments.copy()
    frame["text"] = frame["text"].fillna("").astype(str)
    is_sentence = frame["kind"] == "sentence"
    blocks = frame[~is_sentence]
    block_kind = dict(zip(blocks["segment_id"], blocks["kind"]))
    block_parent = dict(zip(blocks["segment_id"], blocks["parent_id"].astype(str)))
    block_text = dict(zip(blocks["segment_id"], blocks["text"]))
    sentences = frame[is_sentence].sort_values(["meeting_id", "segment_id"], kind="stable")
    columns = ["segment_id", "meeting_id", "section", "section_title", "parent_id", "text", "char_start", "char_end"]

    rows: list[dict] = []
    skip_rows: list[dict] = []
    presenter: dict[tuple, str] = {}
    earlier_in_block: dict[str, str] = {}
    for segment_id, meeting_id, section, section_title, parent, text, char_start, char_end in zip(
        *(sentences[c].tolist() for c in columns)
    ):
        parent = str(parent)
        is_footnote = block_kind.get(parent) == "footnote"
        section_key = (meeting_id, section, section_title)
        own_actor = find_actor(text)
        quantities, skips = scan_quantities(text)
        if quantities or skips:
            fallback = find_actor(block_text.get(block_parent.get(parent, ""), "")) if is_footnote else ""
            fallback = (
                fallback
                or presenter.get(section_key, "")
                or earlier_in_block.get(parent, "")
                or find_actor(str(section_title))
            )
            raw = raw_texts.get(meeting_id) if raw_texts is not None else None
            start, end = int(char_start), int(char_end)
            spans = [(item["char_start"], item["char_end"]) for item in (*quantities, *skips)]
            mapped = _raw_offsets(text, raw, start, end, spans)
            context = block_text.get(parent, text)
            for k, (q, (raw_start, raw_end)) in enumerate(zip(quantities, mapped), start=1):
                if q["unit"] in TIME_UNITS and not q["counted"].startswith("age"):
                    # The sentence before often names the instrument ("a JIT agreement ... six months").
                    if "JIT" not in q["counted"] and _JIT_RE.search(context):
                        q["counted"] = f"JIT {q['counted']}"
                    q["category"] = categorise_quantity(q["counted"], q["unit"], context)
                rows.append(
                    {
                        "quantity_id": f"{segment_id}#q{k}",
                        "meeting_id": meeting_id,
                        "segment_id": segment_id,
                        **{c: q[c] for c in _FROM_SCAN},
                        "actor": q["actor"] or fallback,
                        "reference_period": q["reference_period"],
                        "sentence": text,
                        "char_start": raw_start,
                        "char_end": raw_end,
                    }
                )
            for s, (raw_start, raw_end) in zip(skips, mapped[len(quantities) :]):
                skip_rows.append(
                    {
                        "meeting_id": meeting_id,
                        "segment_id": segment_id,
                        "text": s["text"],
                        "reason": s["reason"],
                        "char_start": raw_start,
                        "char_end": raw_end,
                    }
                )
        if own_actor and not is_footnote:
            earlier_in_block.setdefault(parent, own_actor)
            if _REPORTING_VERB.search(text):
                presenter[section_key] = own_actor
    quantities_df = pd.DataFrame(rows, columns=QUANTITY_COLUMNS)
    quantities_df["value"] = quantities_df["value"].astype(float)
    quantities_df["value_high"] = pd.to_numeric(quantities_df["value_high"], errors="coerce").astype(float)
    for column in ("char_start", "char_end"):
        quantities_df[column] = quantities_df[column].astype("int64")
    skips_df = pd.DataFrame(skip_rows, columns=SKIP_COLUMNS)
    return quantities_df.reset_index(drop=True), skips_df.reset_index(drop=True)


def check_quantities(quantities: pd.DataFrame, segments: pd.DataFrame) -> None:
    """Check a quantities table: unique ids, known qualifiers and categories, traceable segments.

    Raises:
        InputError: Naming the first problem found.
    """
    where = "quantities table"
    _check_columns(quantities, QUANTITY_COLUMNS, where, "Rebuild it with msmeetings.quantities.")
    duplicated = quantities.loc[quantities["quantity_id"].duplicated(), "quantity_id"].tolist()
    if duplicated:
        raise InputError(f"{where}: duplicate quantity_id {duplicated[:5]}. Rebuild the table.")
    for column, allowed in (("qualifier", QUALIFIERS), ("category", CATEGORIES)):
        bad = sorted(set(quantities[column]) - set(allowed))
        if bad:
            raise InputError(f"{where}: unknown {column} {bad}. Use one of {list(allowed)}.")
    unknown = sorted(set(quantities["segment_id"]) - set(segments["segment_id"]))
    if unknown:
        raise InputError(
            f"{where}: segment_id {unknown[:5]} not in the segments table. Rebuild both from the same run."
        )
    if quantities["value"].isna().any():
        raise InputError(f"{where}: a value is empty. Every quantity needs a value.")


# --- validation against the gold list -----------------------------------------------------


def load_quantity_gold(path: str | Path) -> pd.DataFrame:
    """Read the gold list of quantities (one row per quantity a careful reader would list).

    Raises:
        InputError: If the file is missing, a column is missing, or a value, unit or qualifier is invalid.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: the gold list of quantities is missing. Restore it from git.")
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    _check_columns(gold, GOLD_COLUMNS, str(path), f"The header must be {','.join(GOLD_COLUMNS)}.")
    for number, row in enumerate(gold.itertuples(index=False), start=2):
        try:
            float(row.value)
        except ValueError:
            raise InputError(
                f"{path}: line {number}: value '{row.value}' is not a number. Write it in digits, e.g. 12000."
            ) from None
        if row.qualifier not in QUALIFIERS:
            raise InputError(
                f"{path}: line {number}: qualifier '{row.qualifier}' is unknown. Use one of {', '.join(QUALIFIERS)}."
            )
        if not row.unit or not row.meeting_id:
            raise InputError(f"{path}: line {number}: meeting_id and unit must not be empty.")
    gold["value"] = gold["value"].astype(float)
    return gold


def _match_key(df: pd.DataFrame) -> pd.Series:
    return df["meeting_id"] + "|" + df["value"].map(lambda v: f"{float(v):.6g}") + "|" + df["unit"]


def score_quantities(extracted: pd.DataFrame, gold: pd.DataFrame, meeting_ids: list[str] | None = None) -> pd.DataFrame:
    """Return precision and recall of extraction against the gold list, per meeting and overall.

    A quantity matches a gold row with the same meeting, value and unit (each gold row matches
    at most one quantity). Agreement on the qualifier among matched pairs is reported separately.

    Args:
        extracted: Quantities (columns meeting_id, value, unit, qualifier at least).
        gold: The gold list (``load_quantity_gold``).
        meeting_ids: Meetings to report a row for, also those with no figure at all; by
            default the meetings found in either table.

    Returns:
        Columns meeting_id ("all" for the total), n_gold, n_extracted, n_matched, precision,
        recall, qualifier_agreement; a ratio with nothing to divide by (no figure extracted,
        none in the gold list) is empty (NaN).
    """
    meetings = sorted(set(gold["meeting_id"]) | set(extracted["meeting_id"]) | set(meeting_ids or []))
    rows = []
    for meeting in [*meetings, "all"]:
        e = extracted if meeting == "all" else extracted[extracted["meeting_id"] == meeting]
        g = gold if meeting == "all" else gold[gold["meeting_id"] == meeting]
        e_keys, g_keys = Counter(_match_key(e)), Counter(_match_key(g))
        matched = sum((e_keys & g_keys).values())
        e_qual = Counter(_match_key(e) + "|" + e["qualifier"])
        g_qual = Counter(_match_key(g) + "|" + g["qualifier"])
        agreed = sum((e_qual & g_qual).values())
        rows.append(
            {
                "meeting_id": meeting,
                "n_gold": len(g),
                "n_extracted": len(e),
                "n_matched": matched,
                "precision": matched / len(e) if len(e) else float("nan"),
                "recall": matched / len(g) if len(g) else float("nan"),
                "qualifier_agreement": agreed / matched if matched else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def list_quantity_mismatches(extracted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Return the gold quantities not extracted ("missed") and the extracted ones not in gold ("spurious").

    Returns:
        Columns error, meeting_id, value, unit, qualifier, text (the gold snippet or the
        extracted sentence), segment_id (empty for missed).
    """
    rows = []
    e_keys = _match_key(extracted)
    g_keys = _match_key(gold)
    remaining = Counter(e_keys)
    for key, row in zip(g_keys, gold.itertuples(index=False)):
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            rows.append(
                {
                    "error": "missed",
                    "meeting_id": row.meeting_id,
                    "value": row.value,
                    "unit": row.unit,
                    "qualifier": row.qualifier,
                    "text": row.sentence_snippet,
                    "segment_id": "",
                }
            )
    gold_left = Counter(g_keys)
    for key, row in zip(e_keys, extracted.itertuples(index=False)):
        if gold_left[key] > 0:
            gold_left[key] -= 1
        else:
            rows.append(
                {
                    "error": "spurious",
                    "meeting_id": row.meeting_id,
                    "value": row.value,
                    "unit": row.unit,
                    "qualifier": row.qualifier,
                    "text": row.sentence,
                    "segment_id": row.segment_id,
                }
            )
    columns = ["error", "meeting_id", "value", "unit", "qualifier", "text", "segment_id"]
    return pd.DataFrame(rows, columns=columns)


# --- comparability ------------------------------------------------------------------------

_MEASURES: list[tuple[str, re.Pattern]] = [
    ("money confiscated or seized", re.compile(r"confiscat|seiz|frozen", re.IGNORECASE)),
    ("illegal profits", re.compile(r"profit|earning|proceeds", re.IGNORECASE)),
    (
        "joint investigation teams",
        re.compile(r"joint investigation teams?|\bJITs?\b(?! (?:duration|period|anticipated))", re.IGNORECASE),
    ),
    ("JIT duration", re.compile(r"\bJIT\b.*(?:duration|period)", re.IGNORECASE)),
    ("identifications of smugglers", re.compile(r"identified", re.IGNORECASE)),
    ("apprehensions", re.compile(r"apprehen", re.IGNORECASE)),
    ("arrests", re.compile(r"arrest", re.IGNORECASE)),
    ("convictions", re.compile(r"convict", re.IGNORECASE)),
    ("prosecutions and plea agreements", re.compile(r"prosecuted|plea agreement", re.IGNORECASE)),
    ("searches", re.compile(r"searched", re.IGNORECASE)),
    ("migrants safeguarded", re.compile(r"safeguard|rescued|protected", re.IGNORECASE)),
    ("migrants smuggled", re.compile(r"migrants? smuggled", re.IGNORECASE)),
    ("travel documents", re.compile(r"document", re.IGNORECASE)),
    ("investigations", re.compile(r"investigation", re.IGNORECASE)),
    ("cases", re.compile(r"\bcases?\b", re.IGNORECASE)),
    ("criminal networks and groups", re.compile(r"networks?|\bOCGs?\b|subgroups?|criminal groups?", re.IGNORECASE)),
    ("countries and Member States", re.compile(r"countries|\bstates\b", re.IGNORECASE)),
    ("organisations", re.compile(r"organisations|organizations", re.IGNORECASE)),
    ("members", re.compile(r"\bmembers?\b", re.IGNORECASE)),
    ("missions", re.compile(r"missions?", re.IGNORECASE)),
    ("place in a series of meetings", re.compile(r"series", re.IGNORECASE)),
]
# Measures named after one kind of event: "arrests" and "suspects arrested" define the same thing.
_EVENT_MEASURES = frozenset(
    {
        "identifications of smugglers",
        "apprehensions",
        "arrests",
        "convictions",
        "searches",
        "migrants safeguarded",
        "migrants smuggled",
        "money confiscated or seized",
    }
)
COMPARABILITY_COLUMNS = [
    "comparison",
    "basis",
    "category",
    "n_figures",
    "meetings",
    "actors",
    "periods",
    "units",
    "verdict",
    "reason",
    "quantity_ids",
]


def classify_measure(counted: str, unit: str) -> str:
    """Return what a figure measures, coarsely ("arrests", "investigations"), from counted and unit."""
    if unit == "ordinal":
        return "place in a series of meetings" if "series" in counted else counted
    for measure, pattern in _MEASURES:
        if measure == "place in a series of meetings":
            continue
        if measure in ("money confiscated or seized", "illegal profits") and unit not in CURRENCY_UNITS:
            continue
        if pattern.search(counted):
            return f"share of {measure}" if unit == "percent" else measure
    return counted or "unstated"


def _join(values) -> str:
    return "; ".join(sorted({str(v) if v else "not stated" for v in values}))


def assess_comparability(quantities: pd.DataFrame) -> pd.DataFrame:
    """Group the figures a reader may be tempted to compare, and say whether they count the same thing.

    Groups are formed from the columns alone:

    - *same measure*: figures whose ``counted`` reduces to the same measure ("arrests",
      "investigations") and that come from more than one meeting or more than one reporting
      body (figures of one body in one meeting are parts of one statement, not a comparison).
      They count the same thing when unit, reporting body and definition (``counted``) agree
      and every period is stated (a time series); otherwise they only look alike, and the
      reason names what differs.
    - *same category, different measures*: enforcement figures that count different events
      (arrests, identifications, apprehensions, convictions); they only look alike.

    Args:
        quantities: The quantities table.

    Returns:
        Columns ``COMPARABILITY_COLUMNS``, one row per group.
    """
    if quantities.empty:
        return pd.DataFrame(columns=COMPARABILITY_COLUMNS)
    q = quantities.copy()
    q["measure"] = [classify_measure(c, u) for c, u in zip(q["counted"], q["unit"])]
    rows = []
    for measure, group in q.groupby("measure", sort=True):
        named_actors = set(group["actor"]) - {""}
        if measure == "unstated" or (group["meeting_id"].nunique() < 2 and len(named_actors) < 2):
            continue
        units, actors, definitions = set(group["unit"]), set(group["actor"]), set(group["counted"])
        periods = list(group["reference_period"])
        reasons = []
        if len(units) > 1:
            reasons.append(f"different units ({_join(units)})")
        if "" in actors:
            reasons.append("the reporting body is not stated for every figure")
        elif len(actors) > 1:
            reasons.append(f"different reporting bodies ({_join(actors)})")
        if len(definitions) > 1 and measure not in _EVENT_MEASURES:
            reasons.append(f"different definitions ({_join(definitions)})")
        if any(not p for p in periods):
            reasons.append("the period is not stated for every figure")
        elif len(set(periods)) > 1:
            reasons.append(f"different periods ({_join(periods)})")
        same = (
            len(units) == 1
            and len(actors) == 1
            and "" not in actors
            and (len(definitions) == 1 or measure in _EVENT_MEASURES)
            and all(periods)
        )
        rows.append(
            {
                "comparison": measure,
                "basis": "same measure",
                "category": _join(group["category"]),
                "n_figures": len(group),
                "meetings": _join(group["meeting_id"]),
                "actors": _join(actors),
                "periods": _join(periods),
                "units": _join(units),
                "verdict": "same thing" if same else "only look alike",
                "reason": ("same unit, reporting body and definition; periods stated" if same else "; ".join(reasons)),
                "quantity_ids": "; ".join(sorted(group["quantity_id"])),
            }
        )
    enforcement = q[(q["category"] == "enforcement") & (q["unit"] == "count")]
    measures = sorted(set(enforcement["measure"]))
    if len(measures) > 1:
        rows.append(
            {
                "comparison": "enforcement outcomes",
                "basis": "same category, different measures",
                "category": "enforcement",
                "n_figures": len(enforcement),
                "meetings": _join(enforcement["meeting_id"]),
                "actors": _join(enforcement["actor"]),
                "periods": _join(enforcement["reference_period"]),
                "units": "count",
                "verdict": "only look alike",
                "reason": f"different definitions: {', '.join(measures)} count different events",
                "quantity_ids": "; ".join(sorted(enforcement["quantity_id"])),
            }
        )
    table = pd.DataFrame(rows, columns=COMPARABILITY_COLUMNS)
    return table.sort_values(["basis", "verdict", "comparison"], kind="stable").reset_index(drop=True)


def describe_comparability(table: pd.DataFrame) -> str:
    """Return Markdown prose that states, from the comparability table, what can be compared."""
    from msmeetings.outputs import esc

    if table.empty:
        return "No two figures in the selected documents count the same thing, so none can be compared."
    same = table[table["verdict"] == "same thing"]
    alike = table[table["verdict"] == "only look alike"]
    parts = [
        f"Of {len(table)} groups of figures a reader might compare, {len(same)} "
        f"{'counts' if len(same) == 1 else 'count'} the same thing in the same way and {len(alike)} only "
        f"{'looks' if len(alike) == 1 else 'look'} alike."
    ]
    for row in alike.itertuples(index=False):
        parts.append(
            f"**{esc(row.comparison)}** ({row.n_figures} figures from {esc(row.meetings)}): {esc(row.reason)}."
        )
    for row in same.itertuples(index=False):
        parts.append(
            f"**{esc(row.comparison)}** ({row.n_figures} figures from {esc(row.meetings)}) can be compared: "
            f"{esc(row.reason)}."
        )
    return " ".join(parts)


# --- tables and charts for the chapter ----------------------------------------------------


def format_quantity(value: float, unit: str, qualifier: str = "exact", value_high: float | None = None) -> str:
    """Return a figure as a reader writes it: "more than 300", "EUR 121,650", "80.6 %", "12-18 months"."""

    def number(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"

    high = value_high is not None and not (isinstance(value_high, float) and math.isnan(value_high))
    core = f"{number(value)}–{number(value_high)}" if high else number(value)
    if unit == "ordinal":
        core = {1: "1st", 2: "2nd", 3: "3rd"}.get(int(value), f"{int(value)}th")
    elif unit in CURRENCY_UNITS:
        core = f"{unit} {core}"
    elif unit == "percent":
        core = f"{core} %"
    elif unit in TIME_UNITS:
        core = f"{core} {unit}"
    words = {
        "approx": "about",
        "at_least": "at least",
        "more_than": "more than",
        "fewer_than": "fewer than",
        "up_to": "up to",
    }
    return f"{words[qualifier]} {core}" if qualifier in words else core


KEY_FIGURE_COLUMNS = ["meeting_id", "category", "figure", "counted", "qualifier", "actor", "period", "source"]


def build_key_figures_table(quantities: pd.DataFrame) -> pd.DataFrame:
    """Return the key figures per meeting, grouped by category, each with its citation.

    Returns:
        Columns meeting_id, category, figure, counted, qualifier, actor, period, source (a
        ``cite`` link), ordered by meeting, category (in ``CATEGORIES`` order) and position.
    """
    from msmeetings.outputs import cite

    if quantities.empty:
        return pd.DataFrame(columns=KEY_FIGURE_COLUMNS)
    q = quantities.copy()
    q["category_order"] = q["category"].map({c: i for i, c in enumerate(CATEGORIES)})
    q = q.sort_values(["meeting_id", "category_order", "quantity_id"], kind="stable")
    return pd.DataFrame(
        {
            "meeting_id": q["meeting_id"],
            "category": q["category"],
            "figure": [
                format_quantity(*values) for values in zip(q["value"], q["unit"], q["qualifier"], q["value_high"])
            ],
            "counted": q["counted"],
            "qualifier": q["qualifier"].str.replace("_", " "),
            "actor": q["actor"].replace("", "not stated"),
            "period": q["reference_period"].replace("", "not stated"),
            "source": q["segment_id"].map(cite),
        }
    ).reset_index(drop=True)


def count_categories_by_meeting(quantities: pd.DataFrame, meeting_ids: list[str]) -> pd.DataFrame:
    """Return how many figures of each category each meeting states (categories x meetings)."""
    counts = pd.crosstab(quantities["category"], quantities["meeting_id"]) if not quantities.empty else pd.DataFrame()
    matrix = counts.reindex(index=list(CATEGORIES), columns=list(meeting_ids), fill_value=0).fillna(0).astype(int)
    matrix.index.name = "category"
    matrix.columns.name = None
    return matrix


def _period_end_year(period: str) -> int | None:
    years = re.findall(r"[0-9]{4}", period or "")
    return int(years[-1]) if years else None


def select_chart_figures(
    quantities: pd.DataFrame, meeting_years: dict[str, int], categories: list[str]
) -> pd.DataFrame:
    """Return the counted figures of the given categories placed in time, with their reporting body.

    A figure is placed at the last year of its stated period; a figure without one is placed at
    the year of the meeting that reported it and flagged (``period_stated`` False).
    """
    q = quantities[quantities["category"].isin(categories) & (quantities["unit"] == "count")].copy()
    years = [_period_end_year(p) for p in q["reference_period"]]
    q["period_stated"] = [y is not None for y in years]
    q["year"] = [y if y is not None else meeting_years.get(m) for y, m in zip(years, q["meeting_id"])]
    q["body"] = q["actor"].map(classify_reporting_body)
    q["label"] = [
        f"{format_quantity(v, u, ql, h)} {c}"
        for v, u, ql, h, c in zip(q["value"], q["unit"], q["qualifier"], q["value_high"], q["counted"])
    ]
    return q.sort_values(["year", "value", "quantity_id"], kind="stable").reset_index(drop=True)


def plot_figures_over_time(chart: pd.DataFrame):
    """Plot figures over time by reporting body on a log scale, each point labelled with what it counts.

    Args:
        chart: The output of ``select_chart_figures``.

    Returns:
        A matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    from msmeetings.outputs import PALETTE

    fig, ax = plt.subplots(figsize=(11, 6.5))
    colours = {body: PALETTE[i % len(PALETTE)] for i, body in enumerate(REPORTING_BODIES)}
    markers = {"Eurojust": "o", "Europol": "s", "Frontex": "^", "national authorities": "D", "other": "v"}
    for body in REPORTING_BODIES:
        part = chart[chart["body"] == body]
        for stated in (True, False):
            sub = part[part["period_stated"] == stated]
            if sub.empty:
                continue
            ax.scatter(
                sub["year"],
                sub["value"],
                s=55,
                marker=markers[body],
                facecolors=colours[body] if stated else "white",
                edgecolors=colours[body],
                linewidths=1.5,
                label=body + ("" if stated else " (period not stated: meeting year)"),
                zorder=3,
            )
    # Labels of one year are pushed apart vertically (in decades of the log scale) so none overlap;
    # the gap is a fixed share of the axis height, which spans max*4 down to min/2.
    span = math.log10(8 * chart["value"].max() / max(chart["value"].min(), 1e-9)) if not chart.empty else 1.0
    gap = 0.035 * span
    for _, group in chart.groupby("year", sort=True):
        placed = -math.inf
        for row in group.sort_values(["value", "quantity_id"]).itertuples(index=False):
            target = math.log10(max(row.value, 1e-9))
            y = max(target, placed + gap)
            placed = y
            label = row.label if len(row.label) <= 45 else row.label[:44] + "…"
            leader = {"arrowstyle": "-", "linewidth": 0.4, "color": "grey"} if y - target > 0.02 else None
            ax.annotate(
                label,
                (row.year, row.value),
                xytext=(row.year + 0.15, 10**y),
                textcoords="data",
                fontsize=7.5,
                va="center",
                arrowprops=leader,
            )
    ax.set_yscale("log")
    ax.set_xlabel("Year the figure refers to (hollow markers: year of the meeting, the text states no period)")
    ax.set_ylabel("Number reported (log scale)")
    ax.set_title("Operational figures reported at the meetings, by reporting body")
    if not chart.empty:
        low, high = int(chart["year"].min()), int(chart["year"].max())
        ax.set_xlim(low - 0.5, high + 2)
        ax.set_xticks(range(low, high + 1))
        ax.set_ylim(max(0.5, chart["value"].min() / 2), chart["value"].max() * 4)
    ax.grid(axis="y", linewidth=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def plot_category_matrix(matrix: pd.DataFrame):
    """Draw the categories x meetings matrix as a heat map with the count in each cell."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1.6 * max(3, matrix.shape[1]) + 3, 0.5 * matrix.shape[0] + 1.5))
    values = matrix.to_numpy()
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=max(1, values.max()))
    ax.set_xticks(range(matrix.shape[1]), labels=list(matrix.columns), rotation=30, ha="right")
    ax.set_yticks(range(matrix.shape[0]), labels=list(matrix.index))
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(
                j,
                i,
                str(values[i, j]),
                ha="center",
                va="center",
                fontsize=9,
                color="white" if values[i, j] > values.max() / 2 else "black",
            )
    ax.set_xlabel("Meeting")
    ax.set_ylabel("Category of figure")
    ax.set_title("What each meeting counts: figures per category")
    fig.colorbar(image, ax=ax, label="Figures stated")
    ax.spines[:].set_visible(False)
    return fig


# --- prose computed from the tables -------------------------------------------------------


def describe_figure_counts(quantities: pd.DataFrame, segments: pd.DataFrame, meeting_ids: list[str]) -> str:
    """Return Markdown saying how many figures each document states, absolute and per 1,000 words."""
    from msmeetings.outputs import esc

    per_meeting = quantities.groupby("meeting_id").size().reindex(meeting_ids, fill_value=0)
    sentences = segments[segments["kind"] == "sentence"]
    words = pd.to_numeric(sentences["n_words"], errors="coerce").fillna(0).groupby(sentences["meeting_id"]).sum()
    words = words.reindex(meeting_ids, fill_value=0).clip(lower=1)
    silent = [m for m in meeting_ids if per_meeting[m] == 0]
    n_docs = len(meeting_ids)
    text = (
        f"The {n_docs} {'document states' if n_docs == 1 else 'documents state'} **{len(quantities)} "
        f"figure{'' if len(quantities) == 1 else 's'}** in all: "
        + ", ".join(
            f"{esc(m)} {per_meeting[m]} ({per_meeting[m] / words[m] * 1000:.1f} per 1,000 words)" for m in meeting_ids
        )
        + ". "
    )
    if silent:
        text += f"{', '.join(esc(m) for m in silent)} {'states' if len(silent) == 1 else 'state'} no figure at all. "
    return text + (
        "Figures per 1,000 words correct for length, not for genre: an outcome report records what speakers "
        "presented, a press release announces, a recommendation statement recommends."
    )


def describe_category_matrix(matrix: pd.DataFrame) -> str:
    """Return Markdown saying which categories each meeting reports and which all of them share."""
    from msmeetings.outputs import esc

    present = {m: [c for c in matrix.index if matrix.loc[c, m] > 0] for m in matrix.columns}
    parts = [
        f"**{esc(m)}** reports {len(cs)} of {len(matrix.index)} categories"
        + (f" ({esc(', '.join(cs))})." if cs else ".")
        for m, cs in present.items()
    ]
    reporting = [m for m, cs in present.items() if cs]
    if len(reporting) >= 2:
        shared = [c for c in matrix.index if all(matrix.loc[c, m] > 0 for m in reporting)]
        parts.append(
            f"Only {esc(', '.join(shared))} {'is' if len(shared) == 1 else 'are'} reported by every document that "
            "reports figures."
            if shared
            else "No category is reported by every document that reports figures."
        )
    return " ".join(parts)


def describe_validation(scores: pd.DataFrame, min_score: float) -> str:
    """Return Markdown stating overall precision and recall against the gold list and the target."""
    overall = scores.set_index("meeting_id").loc["all"]
    if overall["n_gold"] == 0 and overall["n_extracted"] == 0:
        return (
            "There is nothing to validate: neither the gold list nor the extractor has a figure for the "
            "selected documents."
        )
    precision, recall = overall["precision"], overall["recall"]
    met = precision >= min_score and recall >= min_score  # NaN compares False: not met
    agreement = overall["qualifier_agreement"]
    return (
        f"Over all documents, precision is **{precision:.2f}** and recall **{recall:.2f}** "
        f"({int(overall['n_matched'])} of {int(overall['n_gold'])} gold figures found, "
        f"{int(overall['n_extracted'])} extracted); the target of {min_score:.2f} for both is "
        f"{'met' if met else '**not met**'}."
        + (f" Qualifiers agree for {agreement:.0%} of matched figures." if not math.isnan(agreement) else "")
    )
