"""Patterns and word lists of the figures extractor: non-figures, number forms, what is counted, who, when."""

from __future__ import annotations

import re

_FROM_SCAN = ("value", "value_text", "unit", "qualifier", "value_high", "counted", "category", "is_key_figure")
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
    "deaths",
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

_CURRENCY_CODE = "(?:EUR|USD|GBP|CHF)"
# Subject codes of the Council register that appear alone before a number in cover notes.
_COUNCIL_FILE_CODES = (
    "JAI|CATS|ASIM|COPEN|ENFOPOL|CRIMORG|MIGR|COSI|GENVAL|DROIPEN|FRONT|COMIX|JURINFO|EJUSTICE|IXIM|SIRIS"
    "|CORDROGUE|ENFOCUSTOM|DAPIX|FREMP|COTER|RELEX|COAFR|COMAG|EUROJUST|EUROPOL|CODEC"
    # More of the register's subject codes in justice and home affairs and external relations.
    "|JAIEX|ASILE|VISA|SCHENGEN|EJN|JUSTCIV|CYBER|DATAPROTECT|CFSP/PESC|PESC|COPS|CIVCOM|COASI|COEST|COWEB|COHOM"
    "|COLAC|COMEM|MAMA|DEVGEN|ACP|POLGEN|INST|JUR|SOC|ELARG|CSDP/PSDC|PSDC|CSC|EMPL|ECOFIN|TELECOM|AVIATION|MAR"
    # A document's revision, addendum or corrigendum: "7104/12 REV 1", "8812/19 ADD 2".
    "|REV|ADD|COR|AMD"
)

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
            r"|\b(?:tel(?:ephone)?|phone|fax)\.?\s*:?\s*\+?[0-9(][0-9\s.\-()]{5,}[0-9]"
            # An area code in brackets before a number grouped with a hyphen or dot: "(506) 2212-5300"
            # (the segmenter may cut "tel." off as a sentence of its own).
            r"|(?<![\w)])\([0-9]{2,4}\)\s?[0-9]{3,4}[.\-][0-9]{4}(?![0-9])",
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
        "document code",
        re.compile(
            # A Council cover note files a document under subject codes, each a word in capitals and a
            # number ("JAI 931 CATS 87 ASIM 152"): a run of two such pairs, or one pair of a known code.
            rf"(?:\b(?!{_CURRENCY_CODE}\b)[A-Z]{{2,}}(?:-[A-Z]+)?{_SP}+[0-9]{{1,5}}\b(?![.,][0-9]|{_SP}*(?:%|per\s?cent))"
            rf"(?:{_SP}+|$)?){{2,}}"
            rf"|\b(?:{_COUNCIL_FILE_CODES}){_SP}+[0-9]{{1,5}}\b(?![.,][0-9])"
            r"|\b(?:Rev|Add|Corr?)\.\s?[0-9]{1,2}\b"
            # Commission and register codes: "COM(2020) 609 final", "SWD(2021) 44", "Ares(2019)123456".
            r"|\b[A-Z][A-Za-z]{0,4}\s?\((?:19|20)[0-9]{2}\)\s?[0-9]+(?:\s+final)?"
        ),
    ),
    (
        "reference",
        re.compile(
            r"\b(?P<keyword>Articles?|Art\.|Resolutions?|Directives?|Regulations?|(?:Framework\s+)?Decisions?"
            r"|Conventions?\s+No\.?|Protocols?\s+No\.?|Rules?|Recitals?|Annex(?:es)?|Appendix|Sections?|Chapters?"
            r"|Paragraphs?|Paras?\.|§|Pages?|pp?\.|Issues?|Volumes?|Vol\.|Nos?\.|Footnotes?|Items?|Figure|Fig\."
            r"|Tables?|(?:Council\s+)?documents?|Doc\.|Case\s+No\.?|Report\s+No\.?"
            # "suggested in point 4", "under point 3.2": a point of the document, in lower case too.
            r"|(?:(?<=in\s)|(?<=under\s)|(?<=see\s)|(?<=of\s))points?"
            # Capitalised only: "Session 2", "Law 2015-36", but "the law 12 countries adopted" is not one.
            r"|(?-i:Sessions?|Panels?|Parts?|Modules?|Working\s+Groups?|Agenda\s+[Ii]tems?|Points?|Steps?|Days?|Phases?"
            r"|Priorit(?:y|ies)|Objectives?|Pillars?|Recommendations?|Actions?|Measures?"
            r"|Laws?|Acts?|Decrees?|Ordinances?|Bills?|Treat(?:y|ies)|Statutes?|Codes?))"
            r"\s*(?:No\.?\s*)?(?P<ref>[0-9][0-9A-Za-z]*(?:[./\-][0-9A-Za-z]+)*(?:\([0-9a-z]+\))*)"
            r"(?P<more>(?:\s*(?:,|and|or|to|-|–)\s*[0-9][0-9A-Za-z]*(?:[./\-][0-9A-Za-z]+)*(?:\([0-9a-z]+\))*)*)"
            # "Law No. 82 of 2016": the year names the law, it is not a period.
            rf"(?P<of_year>\s+of\s+(?:[0-9]{{1,2}}\s+{_MONTHS}\s+)?{_YEAR}(?![0-9])|\s*\({_YEAR}\))?",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            # "14.-15. March 2019": a day may be written with a full stop, the German way.
            rf"\b{_DAY}\.?(?:\s*(?:-|–|—|/|to|and|&)\s*{_DAY}\.?)?\s+(?:of\s+)?{_MONTHS}(?:,?\s+[0-9]{{4}}(?![0-9]))?"
            rf"|\b{_MONTHS}\s+{_DAY}(?:\s*(?:-|–|—|to|and|through|&)\s*{_DAY})?(?:,?\s+[0-9]{{4}}(?![0-9]))?"
            rf"|\b{_MONTHS}\s+[0-9]{{4}}(?![0-9])"
            r"|\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b"
            # "5.12.2014", "21/09/2018", and a span of days before it: "19-20.09.2018".
            r"|\b(?:[0-9]{1,2}\s*[-–]\s*)?[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{4}\b"
            # A month in Roman numerals, as Central and Eastern European texts write it: "17.II.2020", "3 XI 2019".
            r"|\b[0-9]{1,2}[. ](?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)[. ](?:[0-9]{4}|[0-9]{2})\b"
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
        re.compile(r"\b[0-9]{1,4}(?:st|nd|rd|th)\b", re.IGNORECASE),
    ),
    (
        "code or name containing digits",
        re.compile(
            r"\b(?=[0-9A-Za-z]*[0-9])(?=[0-9A-Za-z]*[A-Za-z])[0-9A-Za-z]+(?:[-.][0-9A-Za-z]+)*\b"
            r"|\b[A-Za-z]+-[0-9]+\b"
            # A format named by its members: the "5+5" Dialogue.
            r"|(?<![0-9])[0-9]{1,2}\+[0-9]{1,2}(?![0-9])"
        ),
    ),
    (
        "list or section number",
        re.compile(
            r"^\s*(?:\(?[0-9]{1,3}[.)](?=\s)|[0-9]{1,3}(?:\.[0-9]{1,3})+\.?(?=\s+[A-Z]))"
            # A decimal paragraph number before an item in lower case ("7.1 participating States should ..."),
            # not a decimal figure before its scale or unit ("2.5 million", "7.1 per cent").
            r"|^\s*[0-9]{1,3}\.[0-9]{1,2}(?=\s+(?!(?:million|billion|thousand|per|percent|times|tonnes|kg|km|"
            r"hours|days|weeks|months|years|euros?|dollars)\b)[a-z])"
            r"|(?<![0-9A-Za-z)])\([0-9]{1,2}\)(?=\s)"
        ),
    ),
    (
        "time of day",
        re.compile(
            r"\b[0-9]{1,2}:[0-9]{2}\b(?:\s*(?:a\.m\.|p\.m\.|am|pm|h|hrs)\b)?"
            r"|\b(?:[0-9]{1,2}\s*(?:-|–|to|and)\s*)?[0-9]{1,2}\s*(?:a\.m\.|p\.m\.)"
        ),
    ),
    (
        # A year of another calendar: "the Iranian year 1395", "fiscal year 1401", "Act B.E. 2551".
        "year of another calendar",
        re.compile(
            rf"\b(?i:year){_SP}+(?!{_YEAR}(?![0-9]))[0-9]{{3,4}}(?![0-9]|[.,][0-9])"
            rf"|\b(?:B\.{_SP}?E\.|A\.{_SP}?H\.|BE|AH|SH){_SP}?[0-9]{{3,4}}(?![0-9])"
        ),
    ),
    (
        # The number in the name of an operation, project or mission: "Operation Triton 2".
        "name of an operation or project",
        re.compile(
            r"\b(?:Operations?|Project|Programme|Program|Mission|Joint\s+Action\s+Days?|JAD)"
            r"(?:\s+[A-Z][\w'’-]*){1,3}\s+[0-9]{1,3}(?![0-9]|[.,][0-9]|\s*(?:%|per\s?cent))"
            # The number right after a project's head, when a capitalised word names it first: "Pilot Project 3".
            r"|(?<=[a-z] )(?:Project|Programme|Component|Phase|Lot)\s+[0-9]{1,2}(?![0-9]|[.,][0-9]|\s*(?:%|per\s?cent))"
            # A quoted name ending in a number: an investigation code-named "Koridor 24", the "Sea Wall 3" case.
            r"|(?<=[\"“‘'])[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s+[0-9]{1,3}(?=[\"”’'])"
            # A numbered action of a plan, in lower case: "under operational action 2.3", "sub-action 4".
            r"|\b(?i:operational\s+actions?|sub-?actions?|action\s+points?)\s+[0-9]{1,2}(?:\.[0-9]{1,2})*"
            r"(?![0-9]|[.,][0-9]|\s*(?:%|per\s?cent|million|billion|thousand))"
        ),
    ),
    # A statute cited by year and number, as Nordic codes are: "the Aliens Act (2005:716)", "SFS 2005:716".
    ("statute number", re.compile(rf"(?<![0-9:]){_YEAR}:[0-9]{{1,4}}(?![0-9:])")),
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
    "phone number": re.compile(r"\+|00|(?i:tel|phone|fax)|\([0-9]{2,4}\)"),
    "street address": re.compile(
        r"(?i:laan|straat|gracht|weg|plein|kade|stra(?:ss|ß)e|street|road|avenue|lane|boulevard|rue|via|calle)"
    ),
    "document code": re.compile(
        r"[A-Z]{2}[ \u00a0\u2009\u202f\u2007]+[0-9]|\b(?:Rev|Add|Corr?)\.|\((?:19|20)[0-9]{2}\)\s?[0-9]"
    ),
    "date": re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|[0-9]-[0-9]{2}-|[/.][0-9]{4}|[0-9][. ][IVX]"),
    "year range": re.compile(r"(?:1[89]|20)[0-9]{2}"),
    "document number": re.compile(r"[0-9]/"),
    "ordinal number": re.compile(r"[0-9](?i:st|nd|rd|th)"),
    "code or name containing digits": re.compile(r"[A-Za-z][0-9]|[0-9][A-Za-z]|[A-Za-z]-[0-9]|[0-9]\+[0-9]"),
    "list or section number": re.compile(r"^\s*\(?[0-9]|\([0-9]"),
    "time of day": re.compile(r":|[ap]\.m\."),
    "year of another calendar": re.compile(r"(?i:year)|B\.|A\.|\b(?:BE|AH|SH)\b"),
    "name of an operation or project": re.compile(r"Operation|Project|Program|Mission|(?i:action)|JAD|[0-9][\"”’']"),
    "statute number": re.compile(r"[0-9]{4}:[0-9]"),
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
    "session": "section number",
    "panel": "section number",
    "part": "section number",
    "module": "section number",
    "working group": "section number",
    "agenda item": "section number",
    "point": "section number",
    "step": "section number",
    "day": "section number",
    "phase": "section number",
}
# Keywords (as _find_skips normalises them) that cite a legal act.
LEGAL_KEYWORDS = frozenset(
    {"regulation", "rule", "recital", "convention no", "protocol no", "annex", "appendix", "law", "act", "decree"}
    | {"ordinance", "bill", "treaty", "treatie", "statute", "code"}
)
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
    # Nouns a year qualifies: "2019 levels", "2015 figures".
    | {"levels", "figures", "numbers", "rates", "values", "totals", "estimates", "statistics", "records", "peaks"}
)
_PREPOSITION_QUALIFIERS = re.compile(r"over|above|under|below|about|around|between|from|some|exceeding")

# --- pass 2: quantities -------------------------------------------------------------------

_DIGITS = (
    rf"(?:[0-9]{{1,3}}(?:(?:{_SP}|,)[0-9]{{3}})+(?:\.[0-9]+)?"
    r"|[0-9]{1,3}(?:\.[0-9]{3}){2,}(?:,[0-9]+)?"
    r"|[0-9]+(?:[.,][0-9]+)?)(?![0-9]|[.,][0-9])"
)
_DIGITS_RE = re.compile(rf"(?<![0-9A-Za-z.,/\-{_MASK}]){_DIGITS}")
_DIGITS_AT = re.compile(_DIGITS)
_WORDS_RE = re.compile(
    rf"\b(?:(?P<dozen>half\s+a\s+dozen|an?\s+dozen|[a-z]+(?:-[a-z]+)?\s+dozen)"
    rf"|{_NUMBER_WORD}(?:(?:-|{_SP}+|{_SP}+and{_SP}+){_NUMBER_WORD})*)\b",
    re.IGNORECASE,
)
_WORD_NOT_QUANTITY_AFTER = re.compile(
    # "three-way", and the tens of an ordinal: "Twenty-First Plenary".
    r"-(?:way|fold|tier|thirds?|quarters?|pronged|sided|step|off"
    r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b"
    # "two thirds of the cases": a fraction, not a count.
    r"|\s+(?:thirds|quarters|fifths|sixths|eighths|tenths)\b",
    re.IGNORECASE,
)
_QUALIFIER_BEFORE = re.compile(
    r"(?P<q>more\s+than|in\s+excess\s+of|upwards\s+of|exceeding|over|above|at\s+least|no\s+fewer\s+than"
    r"|no\s+less\s+than|not\s+less\s+than|a\s+minimum\s+of|fewer\s+than|less\s+than|under|below"
    r"|approximately|approx\.|about|around|roughly|some|nearly|almost|close\s+to|an\s+estimated"
    r"|(?:estimated|put|valued|calculated)\s+at|estimated"
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
_CURRENCY_AT = re.compile(r"(?P<cur>EUR\b|€|USD\b|US\$|\$|GBP\b|£|CHF\b)\s*")
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
    # "two previous years", "three consecutive years", "ten working days": an adjective of time may
    # stand between the number and its unit.
    r"(?:\s+|-)(?:(?:previous|past|last|preceding|following|next|coming|consecutive|successive|full|calendar"
    r"|working|business|further|additional|more|subsequent)\s+)?"
    r"(?P<unit>years?|months?|weeks?|days?|hours?)\b(?P<old>[\s-]old\b)?",
    re.IGNORECASE,
)
_AMOUNT_BEFORE = re.compile(r"(?:[0-9]|\b(?:thousand|million|billion|per\s?cent)|%)\s*$", re.IGNORECASE)
# "five or six countries" is a range as "five to six" is ("and" only after "between").
_RANGE_SEPARATOR = re.compile(rf"{_SP}*(?P<sep>-|–|—|to|up\s+to|and|or)(?![A-Za-z]){_SP}*", re.IGNORECASE)
# "from a fine to eight years": a range whose low end is not a number gives an upper bound.
# The low end is a word for "little or nothing", never a place ("from Libya to 12 countries").
_FROM_WORD_TO_BEFORE = re.compile(
    r"\bfrom\s+(?:an?\s+)?(?:fines?|probation|suspended\s+sentences?|community\s+service|zero|nothing|none|one"
    r"|a\s+few|several|(?:a\s+)?handful)\s+to\s+$",
    re.IGNORECASE,
)
# "12 or more countries", "ten years or more": the bound follows the number (or its unit).
_OR_BOUND_AFTER = re.compile(
    r"\s+or\s+(?:(?P<more>more|over|above|greater|higher|longer)|(?P<less>fewer|less|under|below|shorter))\b",
    re.IGNORECASE,
)
# "the two now hold a joint meeting": a number word after "the" followed by a verb, an adverb or the
# end of the clause stands for things already named; it counts nothing new.
_NUMBER_AS_PRONOUN_BEFORE = re.compile(r"\b(?:the|these|those|all)\s+$", re.IGNORECASE)
_NUMBER_AS_PRONOUN_AFTER = re.compile(
    r"\s*(?:[.,;:!?)]|$)"
    r"|\s+(?:now|also|then|still|both|together|jointly|separately|later|subsequently|already|each|since|again"
    r"|have|has|had|are|were|will|would|shall|should|can|could|may|might|must|did|do|does"
    r"|agreed|signed|met|meet|decided|hold|held|work|worked|share|shared|remain|remained|continue|continued"
    r"|became|cooperate|cooperated|exchanged|exchange|launched|called|stressed|noted)\b",
    re.IGNORECASE,
)
# "a few hundred dollars", "several thousand migrants": a scale word after a vague quantifier is no figure.
_VAGUE_BEFORE_SCALE = re.compile(r"\b(?:a\s+few|few|several|many|some|a\s+couple\s+of)\s+$", re.IGNORECASE)
# "from 12% in 2019 to 31% in 2021": the year (masked) of the low end stands between it and "to".
_FROM_YEAR_GAP = re.compile(rf"{_SP}+(?:in|of){_SP}+{_MASK}+(?={_SP}+to\b)")
# "from EUR 1 500 for a place in a trailer to EUR 6 000 for a crossing": what each end buys comes between.
_FROM_FOR_GAP = re.compile(rf"{_SP}+(?:for|per){_SP}+[^.;:,0-9]{{1,60}}?(?={_SP}+to{_SP}+(?:EUR|USD|GBP|CHF|€|£|\$))")
_LONE_CURRENCY = re.compile(r"\b(?:EUR|USD|GBP|CHF)\b|[€£$]")
_ANY_DIGIT = re.compile(r"[0-9]+")
# Cheap test that lets most sentences (no digit, no number word, no currency) skip all the rules.
# The lookahead lets the engine try the word list only where a word starts with a possible letter.
_MAYBE_NUMBER = re.compile(
    r"[0-9€£$]|\b(?:EUR|USD|GBP|CHF)\b|\b(?=[zotfsenhmbdZOTFSENHMBD])(?i:(?:"
    + "|".join(
        sorted((w for w in (*_UNIT_WORDS, *_TENS_WORDS, *_SCALE_WORDS, "dozen") if w != "one"), key=len, reverse=True)
    )
    + r")\b)"
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
along towards toward despite like upon around beyond together
compared met meet meets take takes took agreed went came remain remains remained died drowned arrived perished
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

# Deaths and disappearances: the figure's own clause says the people counted died.
_DEATHS = re.compile(
    r"\b(?:deaths?|fatalities|died|drowned|dead|perished|killed|bodies)\b|went\s+missing|lost\s+their\s+lives",
    re.IGNORECASE,
)
_DEATH_AFTER = re.compile(
    r"(?:[^.;:,0-9]{0,60}?\s)?(?P<death>died(?:\s+or\s+(?:went|are|were)\s+missing)?|drowned|perished"
    r"|were\s+killed|lost\s+their\s+lives|went\s+missing"
    r"|(?:reported|recorded|found|presumed|feared|confirmed)\s+(?:dead|drowned)(?:\s+or\s+missing)?"
    r"|dead\s+or\s+missing)\b"
)
# "In 5 of the 8 countries": the first number counts what the second governs.
_OF_NUMBER_AFTER = re.compile(
    rf"\s+of\s+(?:the\s+|all\s+)?(?:[0-9][0-9,.]*|{_NUMBER_WORD})\s+(?=[A-Za-z])", re.IGNORECASE
)
# Words after the noun a figure counts that say what happened to it ("arrested", "recorded dead").
_TRAILING_EVENT = re.compile(
    r"[a-z]+ed|held|caught|taken|brought|found|sent|made|seen|frozen|set|up|ongoing|pending|underway|as|or"
    r"|lost|stolen|dead|missing|went|died|drowned"
)

# "grew from 3 to 14" after "the number of joint investigation teams": the figure counts that noun.
_NUMBER_OF_BEFORE = re.compile(r"\bnumbers?\s+of\s+(?:the\s+)?(?=[A-Za-z])")
# Figures of no analytical interest: they count parts of the text or the discussion, not the field
# ("3 different ways", "2 main issues", "four topics"). They stay in the quantities table, flagged.
_DISCOURSE_NOUNS = re.compile(
    r"ways|issues|topics|points|aspects|questions|themes|areas|elements|dimensions|parts|sessions|panels|types"
    r"|kinds|forms|levels|reasons|examples|objectives|priorities|challenges|lessons|steps|stages|sides|shores"
    r"|categories|items|things",
    re.IGNORECASE,
)

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
            r"investigations?|\bcases?\b|operations?|networks?|\bOCGs?\b|subgroups?"
            r"|(?:criminal|crime|smuggling) groups?|smuggling rings?|contributions?"
            r"|proceedings|trials?",
            re.IGNORECASE,
        ),
    ),
    (
        "participation",
        re.compile(
            r"countries|\bstates\b|organisations|organizations|\bmembers?\b|participants|delegations|agencies"
            r"|attendees|practitioners|prosecutors|judges|experts|representatives|delegates|observers|officials"
            r"|officers|investigators|ministers|speakers|partners|nationalities",
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
    rf"|(?i:from|between)\s+(?P<f1>{_YEAR})\s+(?:to|and|until)\s+(?P<f2>{_YEAR}))"
    rf"|(?P<year>(?<![0-9]){_YEAR}(?![0-9]))"
)
# A year that names an instrument ("the 2000 Convention", "its 2018 law") is not a period.
_PERIOD_EXCLUDED_AFTER = re.compile(
    r"\s+(?:UN\s+|EU\s+)?(?:Convention|Protocol|Act|[Ll]aw|Regulation|Directive|Decision|Agenda|Declaration"
    r"|Action\s+Plan|Strategy|Plan|Resolution|Treaty|Pact|Compact)\b"
)
_PERIOD_EXCLUDED_BEFORE = re.compile(
    r"\b(?:since|started|start|began|launched|created|established|set\s+up|founded|adopted|signed|published|"
    r"dated)\s+(?:in\s+)?(?:\w+\s+)?$|\bof\s+[0-9]{1,2}\s+" + _MONTHS + r"\s+$"
    # A comparison's base year is not the period of the figure: "a 500 per cent increase over 2014".
    r"|\b(?:over|than(?:\s+in)?|compared\s+(?:with|to)(?:\s+in)?|relative\s+to|versus|vs\.?)\s+$",
    re.IGNORECASE,
)
# Where one clause of a sentence ends and the next begins: a figure's period is read in its own clause.
_CLAUSE_BREAK = re.compile(
    r";|:\s|\s[–—]\s|,\s+(?:while|whereas|but|against|compared\s+(?:with|to)|which|and)\b"
    r"|\s(?:and|but)\s+(?=(?:has|have|had)\b)",
    re.IGNORECASE,
)
# A time adverbial opening the sentence, or set off by commas before the figure's clause ("Using all
# the tools available, in 2019, Eurojust ..."), covers every clause that states no period of its own.
_FRAMING_PERIOD = re.compile(rf",\s*(?:in|during|throughout)\s+(?:the\s+year\s+)?{_YEAR}\s*,", re.IGNORECASE)
_OPENING_ADVERBIAL = re.compile(
    r"^\W*(?:In|During|Throughout|Between|From|Over|By|For|Until)\s+(?:[\w-]+\s+){0,5}?"
    rf"{_YEAR}(?:\s*(?:-|–|to|and)\s*{_YEAR})?",
    re.IGNORECASE,
)
