"""What a figure counts, its category, who reported it and the period it covers."""

from __future__ import annotations

import re

from msmeetings.quantities.numbers import (
    _find_skips,
    _normalise_digits,
    _Quantity,
)
from msmeetings.quantities.rules import (
    _ACTOR_RE,
    _ACTORS,
    _AFTER_OF_THE,
    _CATEGORY_RULES,
    _CLAUSE_BREAK,
    _DEATH_AFTER,
    _DEATHS,
    _DETERMINERS,
    _DISCOURSE_NOUNS,
    _FRAMING_PERIOD,
    _INCLUDING_BEFORE,
    _JIT_RE,
    _MONEY_VERBS,
    _NOMINALISATION_BEFORE,
    _NOMINALISATIONS,
    _NUMBER_OF_BEFORE,
    _OF_BEFORE,
    _OF_NUMBER_AFTER,
    _OF_WHICH_AFTER,
    _OPENING_ADVERBIAL,
    _PASSIVE,
    _PERIOD_EXCLUDED_AFTER,
    _PERIOD_EXCLUDED_BEFORE,
    _PERIOD_RE,
    _REPORTING_VERB,
    _STOP_WORDS,
    _TRAILING_EVENT,
    _WORD,
    _WORD_GAP,
    CURRENCY_UNITS,
    NATIONAL_SUFFIX,
    TIME_UNITS,
)

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
            # "a 15-year-old boy staying in Greece", "boats carrying migrants": a participle starts a new
            # clause; "425 migrant smuggling cases": a noun modifier before its noun goes on.
            after = _WORD.match(text, word.end() + 1) if text[word.end() : word.end() + 1] == " " else None
            if re.search(r"[^s]s$", words[-1]) or not after or after.group().lower() in _STOP_WORDS:
                break
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
            q.counted = q.head = q.head or "position in a series"  # set by find_series_ordinals
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
            if not head and (of_number := _OF_NUMBER_AFTER.match(text, q.end)):
                head, end = _noun_phrase(text, of_number.end())  # "25 per cent of the 4,000 migrants"
        elif q.unit in CURRENCY_UNITS:
            head, end = "", q.end
        else:
            head, end = _noun_phrase(text, q.end)
            if not head and (of_number := _OF_NUMBER_AFTER.match(text, q.end)):
                head, end = _noun_phrase(text, of_number.end())
        if not head and q.unit in CURRENCY_UNITS:
            window = text[q.end : q.end + 60]
            if verb := _MONEY_VERBS.search(window):
                suffix = verb.group("verb")
                head = "money"
            elif of := _OF_BEFORE.search(before):
                head = _of_phrase(of)
            head = head or "money"
        if not head and (number_of := _last_match(_NUMBER_OF_BEFORE, before)):
            head, _ = _noun_phrase(before, number_of.end())
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
        if q.unit == "count" and (death := _DEATH_AFTER.match(text, end)):
            suffix = death.group("death")
        q.head = head
        q.counted = " ".join(part for part in (head, re.sub(r"\s+", " ", suffix)) if part)
        if head and q.unit != "percent":
            previous_head = head


def _last_match(pattern: re.Pattern, text: str) -> re.Match | None:
    match = None
    for match in pattern.finditer(text):
        pass
    return match


def is_key_figure(counted: str, unit: str) -> bool:
    """Return False for a figure of no analytical interest: an age, or a count of parts of the discussion.

    "A 15-year-old boy", "3 different ways", "2 main issues", "four topics" stay in the quantities
    table (flagged) and are left out of the key-figures table.
    """
    if unit in TIME_UNITS and counted.startswith("age"):
        return False
    words = counted.split()
    return unit in CURRENCY_UNITS or not words or not _DISCOURSE_NOUNS.fullmatch(words[-1])


# What an operational result counts: people and cases pursued, teams and investigations run.
_OPERATIONAL_HEAD = re.compile(
    r"(?:arrests?|suspects?|convictions?|convicted|cases?|investigations?|prosecutions?|defendants?|"
    r"smugglers?|facilitators?|victims?|migrants?|JITs?|teams?|seizures?|searches|searched|apprehended|"
    r"identified|arrested|detained|charged|sentenced)",
    re.IGNORECASE,
)
# Below this a count is read as description ("two connected networks", "2 Focus Groups", "2 study
# visits") unless it counts an operational result.
SMALL_COUNT = 5


def is_operational_result(counted: str, value: float) -> bool:
    """True when a counted figure reports an operational result worth charting over time.

    Large counts always qualify; a small one only when what it counts is an operational result
    ("3 cases", "2 JITs"), not a feature of the meeting or of an organisation ("2 Focus Groups").
    """
    if value >= SMALL_COUNT:
        return True
    return any(_OPERATIONAL_HEAD.fullmatch(word.strip(".,;:()")) for word in counted.split())


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
    if _DEATHS.search(counted):
        return "deaths"
    words = counted.split()
    trailing: list[str] = []
    while words and _TRAILING_EVENT.fullmatch(words[-1].lower()):
        trailing.insert(0, words.pop())
    enforcement = dict(_CATEGORY_RULES)["enforcement"]
    if trailing and enforcement.search(" ".join(trailing)):
        return "enforcement"
    # The noun the number governs decides ("425 migrant smuggling cases" counts cases), then the phrase.
    for text in ([words[-1]] if words else []) + [counted]:
        for category, pattern in _CATEGORY_RULES:
            if pattern.search(text):
                return category
    return "other"


# A country named as a place ("began in the UK", "between Greece and Italy") is where something
# happened, not who reported it; names joined by "and" or a comma share their role.
_PLACE_BEFORE = re.compile(r"\b(?:in|to|from|into|via|through|across|towards?|between)\s+(?:the\s+)?$", re.IGNORECASE)
_JOINED = re.compile(r"^\s*(?:,|and|or|,\s*and)\s+(?:the\s+)?$", re.IGNORECASE)


def find_actor(text: str) -> str:
    """Return the reporting body or national authority a text names, or "".

    With a reporting verb ("a French prosecutor ... presented"), the bodies named just before the verb
    are its subject, the first of them when they are joined ("the UK and France proposed" is the UK;
    "In addition to the Belgian experience, a French prosecutor presented" is French); otherwise the
    first body named. A country named as a place ("in the UK", "between Greece and Italy") is never
    the reporter.

    Args:
        text: A sentence or a heading.

    Returns:
        A canonical name ("Europol", "Serbian task force", "Swedish authorities", ...).
    """
    found, place_end = [], None
    for m in _ACTOR_RE.finditer(text):
        national = _ACTORS[int(m.lastgroup[1:])][1].endswith(NATIONAL_SUFFIX)
        joined_to_place = place_end is not None and _JOINED.match(text[place_end : m.start()])
        if national and (_PLACE_BEFORE.search(text[: m.start()]) or joined_to_place):
            place_end = m.end()
            continue
        place_end = None
        found.append(m)
    if not found:
        return ""
    verb = _REPORTING_VERB.search(text)
    before = [m for m in found if verb is not None and m.end() <= verb.start()]
    if before:
        k = len(before) - 1
        while k > 0 and _JOINED.match(text[before[k - 1].end() : before[k].start()]):
            k -= 1
        chosen = before[k]
    else:
        chosen = found[0]
    return _ACTORS[int(chosen.lastgroup[1:])][1]


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
        if match.group("year") and _PERIOD_EXCLUDED_AFTER.match(text, match.end()):
            continue
        if match.group("range"):
            first = match.group("r1") or match.group("f1")
            second = match.group("r2") or match.group("f2")
            if len(second) == 2:
                second = first[:2] + second
            markers.append((match.start(), match.end(), f"{first}-{second}"))
        else:
            markers.append((match.start(), match.end(), match.group("year")))
    clause_start, clause_end = 0, len(text)
    for brk in _CLAUSE_BREAK.finditer(text):
        if brk.end() <= start:
            clause_start = brk.end()
        elif brk.start() >= end:
            clause_end = brk.start()
            break
    own = [m for m in markers if clause_start <= m[0] < clause_end]
    if not own and (opening := _OPENING_ADVERBIAL.match(text)):
        own = [m for m in markers if m[0] < opening.end()]
    if not own:
        framing = [f for f in _FRAMING_PERIOD.finditer(text, 0, clause_start) if f.end() <= clause_start]
        own = [m for m in markers if framing and framing[0].start() <= m[0] < framing[0].end()]
    markers = own
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
