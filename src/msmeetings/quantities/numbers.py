"""Finding numbers in one text: the spans that are not figures (pass 1) and the figures themselves (pass 2)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from text_to_num import text2num

from msmeetings.quantities.rules import (
    _AMOUNT_BEFORE,
    _ANY_DIGIT,
    _CODE_EXCEPTIONS,
    _CURRENCY_AFTER,
    _CURRENCY_AT,
    _CURRENCY_BEFORE,
    _CURRENCY_CODES,
    _DIGITS_AT,
    _DIGITS_RE,
    _FROM_FOR_GAP,
    _FROM_WORD_TO_BEFORE,
    _FROM_YEAR_GAP,
    _LONE_CURRENCY,
    _MASK,
    _MULTIPLIER_AFTER,
    _MULTIPLIERS,
    _NOT_PLURAL_NOUNS,
    _NUMBER_AS_PRONOUN_AFTER,
    _NUMBER_AS_PRONOUN_BEFORE,
    _OR_BOUND_AFTER,
    _PERCENT_AFTER,
    _PREPOSITION_QUALIFIERS,
    _QUALIFIER_BEFORE,
    _QUALIFIER_MAP,
    _RANGE_SEPARATOR,
    _REFERENCE_REASONS,
    _SCALE_WORDS,
    _SKIP_GUARDS,
    _SKIP_RULES,
    _SP,
    _TIME_UNIT_AFTER,
    _VAGUE_BEFORE_SCALE,
    _WORD_NOT_QUANTITY_AFTER,
    _WORDS_RE,
    _YEAR_AS_QUANTITY_AFTER,
    _YEAR_PREPOSITIONS,
    LEGAL_KEYWORDS,
    MAX_DIGITS,
    TIME_UNITS,
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


def _find_skips(text: str, keep: list[tuple[int, int]] = ()) -> tuple[str, list[_Skip]]:
    """Mask every number-like span that is not a quantity; return the masked text and the skips.

    Spans in ``keep`` (series ordinals, found beforehand) are masked first, with no skip recorded,
    so that no rule takes them for an ordinal or a code.
    """
    skips: list[_Skip] = []
    masked = text
    for start, end in keep:
        masked = _mask(masked, start, end)
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
                if keyword.endswith("decision") or keyword in LEGAL_KEYWORDS:
                    why = "legal reference"
                else:
                    why = _REFERENCE_REASONS.get(keyword, "reference number")
                if not match.group("keyword").lower().endswith("s") and match.group("more"):
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
    qualifier = _QUALIFIER_BEFORE.search(before)
    # "over 2014", "below 2019 levels": a preposition before a year names a comparison base; only a
    # qualifier that cannot be a preposition ("more than 2000") makes the year-like number a count.
    if qualifier and not _PREPOSITION_QUALIFIERS.fullmatch(re.sub(r"\s+", " ", qualifier.group("q").lower())):
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
    if words == "half a dozen":
        return 6.0
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


def _find_quantities(
    text: str, masked: str, series: list[tuple[int, int, int, str]] = ()
) -> tuple[list[_Quantity], list[_Skip]]:
    """Find the quantities in a masked text (see the package docstring); ``series`` are its series ordinals."""
    quantities: list[_Quantity] = []
    skips: list[_Skip] = []
    taken = [False] * len(masked)
    for start, end, value, counted in series:
        quantities.append(_Quantity(start, end, float(value), text[start:end], "ordinal", "exact", None, head=counted))
        taken[start:end] = [True] * (end - start)

    candidates: list[tuple[int, int, str]] = []  # start, end, kind
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
    candidates.sort(key=lambda c: (c[0], -c[1]))

    for start, end, kind in candidates:
        if any(taken[start:end]):
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
            if masked[start:end].strip().lower() in _SCALE_WORDS and _VAGUE_BEFORE_SCALE.search(
                masked, max(0, start - 16), start
            ):
                continue
            if _NUMBER_AS_PRONOUN_BEFORE.search(masked, max(0, start - 8), start) and _NUMBER_AS_PRONOUN_AFTER.match(
                masked, end
            ):
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
        # "USD 350,000 over two years": after an amount, "over" spreads it across a period.
        if qualifier_word == "over" and unit in TIME_UNITS and _AMOUNT_BEFORE.search(masked, 0, lead):
            qualifier, lead = "exact", q_start
        value_high = None
        # A range: "12 to 18 months", "between 2 and 3", "EUR 2-3 million".
        range_at = q_end if unit == "count" else end
        if qualifier_word == "from" and (gap := _FROM_YEAR_GAP.match(masked, q_end)):
            range_at = gap.end()
        elif qualifier_word == "from" and currency and (gap := _FROM_FOR_GAP.match(masked, q_end)):
            range_at = gap.end()
        if sep := _RANGE_SEPARATOR.match(masked, range_at):
            word = sep.group("sep").lower()
            if word != "and" or qualifier_word == "between":
                high_start = sep.end()
                # "between EUR 3,000 and EUR 5,000": the currency may be repeated before the second number.
                if currency and (again := _CURRENCY_AT.match(masked, high_start)):
                    if _currency_code(again.group("cur")) == currency:
                        high_start = again.end()
                second = _number_at(masked, high_start, words=(kind == "words"))
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
        if qualifier == "exact" and kind == "words" and "dozen" in masked[start:end].lower():
            qualifier = "approx"  # "half a dozen borders", "a dozen cases"
        if qualifier == "exact" and _FROM_WORD_TO_BEFORE.search(masked, max(0, lead - 40), lead):
            qualifier = "up_to"
        if qualifier == "exact" and (bound := _OR_BOUND_AFTER.match(masked, q_end)):
            qualifier = "at_least" if bound.group("more") else "up_to"
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
