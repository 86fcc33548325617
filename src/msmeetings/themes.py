"""Themes: the codebook, coding passages with it, and the comparisons built on the codes.

The codebook (`data/codebook.yml`) holds, per theme, regular expressions that are matched
case-insensitively and as whole words. All patterns of a theme are combined into one expression,
compiled once. Coding joins all passages into one string, finds the literal "anchors" every match
must contain in one pass, and runs each theme's expression only over the passages holding its
anchors (see pattern_anchors): linear in corpus size, about 1,000 documents of 5,000 words in a
few seconds, and always the same result as scanning everything.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# The regular-expression parser of the standard library (Python >= 3.11), used only to derive the
# literal anchors of a pattern; if it changes, pattern_anchors returns None and coding scans everything.
from re import _constants as _sre_constants
from re import _parser as _sre_parser

import numpy as np
import pandas as pd
import yaml

from msmeetings.errors import InputError
from msmeetings.segment import TEXT_KINDS

THEME_FIELDS = ("id", "label", "definition", "include", "exclude", "examples", "non_examples")
REQUIRED_THEME_FIELDS = ("id", "label", "definition", "include", "examples", "non_examples")
CODEBOOK_KEYS = ("version", "themes")
THEME_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
UNITS = ("paragraph", "sentence")

THEME_CODE_COLUMNS = ["segment_id", "meeting_id", "theme_id", "matched_terms"]
THEME_MATRIX_COLUMNS = ["meeting_id", "theme_id", "n_segments", "share_pct", "per_1000_words"]
DISTINCTIVE_COLUMNS = ["meeting_id", "term", "count", "z_score", "rank"]
SEGMENT_INPUT_COLUMNS = ("segment_id", "meeting_id", "kind", "text")

# Words every document shares because of its subject or its genre; they tell the reader nothing
# about what one meeting discussed that the others did not.
DOMAIN_STOP_WORDS = frozenset(
    {
        "migrant",
        "migrants",
        "smuggling",
        "smuggled",
        "smugglers",
        "smuggle",
        "eurojust",
        "meeting",
        "meetings",
        "participants",
        "participant",
        "workshop",
        "workshops",
        "session",
        "report",
        "presented",
        "discussed",
        "discussion",
        "discussions",
        "highlighted",
        "including",
        "particular",
        "particularly",
        "especially",
        "order",
        "regard",
        "way",
        "ways",
        "page",
        "infra",
        "supra",
        "hague",
        "eu",
        "european",
        "union",
        "member",
        "states",
        "state",
        "did",
        "does",
        "shall",
        "would",
        "example",
        "etc",
    }
)
_ROMAN_RE = re.compile(r"^(?=[ivxlc]+$)m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True)
class Theme:
    """One theme of the codebook, with its patterns compiled."""

    id: str
    label: str
    definition: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    examples: tuple[str, ...]
    non_examples: tuple[str, ...]
    regex: re.Pattern
    exclude_regex: re.Pattern | None
    anchors: frozenset[str] | None = None

    def find_terms(self, text: str) -> list[str]:
        """Return the terms of this theme found in a text (lowercased, sorted, unique)."""
        lowered = text.lower()
        return sorted(_terms_in(self, lowered, 0, len(lowered)))


def _bounded(patterns: tuple[str, ...]) -> str:
    # Lookarounds rather than \b so that a pattern may start or end with a non-word character.
    return r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w)"


def _lowercase_pattern(pattern: str) -> str:
    """Lowercase the literal text of a regular expression; escape sequences and group syntax stay as they are.

    Matching a lowercased pattern against lowercased text is case-insensitive matching, and much
    faster in Python's re than the IGNORECASE flag.
    """
    out, i, n = [], 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if pattern.startswith("N{", i + 1):
                close = pattern.find("}", i)
                close = n - 1 if close < 0 else close
                out.append(pattern[i : close + 1])
                i = close + 1
            else:
                out.append(pattern[i : i + 2])
                i += 2
            continue
        if pattern.startswith("(?", i):
            # Group syntax: (?:  (?=  (?!  (?<=  (?<!  (?P<name>  (?P=name)  (?aiLmsux)
            j = i + 2
            while j < n and pattern[j] not in ":)=!>":
                j += 1
            out.append(pattern[i : j + 1])
            i = j + 1
            continue
        out.append(ch.lower())
        i += 1
    return "".join(out)


def _normalise_term(term: str) -> str:
    return " ".join(term.split()).replace("’", "'")


def _terms_in(theme: Theme, lowered: str, start: int, end: int) -> set[str]:
    """Terms of a theme in lowered[start:end], ignoring matches that overlap an excluded phrase."""
    matches = list(theme.regex.finditer(lowered, start, end))
    if not matches:
        return set()
    if theme.exclude_regex is not None:
        spans = [m.span() for m in theme.exclude_regex.finditer(lowered, start, end)]
        if spans:
            matches = [m for m in matches if not any(m.start() < y and x < m.end() for x, y in spans)]
    return {_normalise_term(m.group(0)) for m in matches}


# --- Literal anchors: a prefilter that keeps coding fast on large corpora -----------------------
# Python's re module tries every position of the text for an alternation of patterns (about 45 ns
# per character and theme), too slow for 1,000 documents x 19 themes. So each include pattern is
# parsed to find a set of lowercase literals one of which every match must contain ("anchors").
# One scan of the lowercased corpus finds all anchors of all themes; a theme's full expression then
# runs only on the passages that hold one of its anchors. Results are identical to a full scan:
# a pattern without a usable anchor makes its theme fall back to scanning everything.
_MAX_EXPANSIONS = 64
_MIN_ANCHOR_LENGTH = 3


def _expand_sequence(items) -> set[str] | None:
    out = {""}
    for op, av in items:
        expansions = _expand_item(op, av)
        if expansions is None:
            return None
        out = {a + b for a in out for b in expansions}
        if len(out) > _MAX_EXPANSIONS:
            return None
    return out


def _expand_item(op, av) -> set[str] | None:
    """The finite set of (lowercase) strings one parsed item can match, or None."""
    c = _sre_constants
    if op is c.LITERAL:
        return {chr(av).lower()}
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {""}
    if op is c.IN:
        chars: set[str] = set()
        for item_op, item_av in av:
            if item_op is c.LITERAL:
                chars.add(chr(item_av).lower())
            elif item_op is c.RANGE and item_av[1] - item_av[0] < 8:
                chars.update(chr(code).lower() for code in range(item_av[0], item_av[1] + 1))
            else:
                return None
        return chars
    if op is c.SUBPATTERN:
        return _expand_sequence(av[-1])
    if op is c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            expansions = _expand_sequence(alternative)
            if expansions is None:
                return None
            out |= expansions
        return out if len(out) <= _MAX_EXPANSIONS else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, inner = av
        expansions = _expand_sequence(inner) if high <= 3 else None
        if expansions is None:
            return None
        out = set()
        for count in range(low, high + 1):
            current = {""}
            for _ in range(count):
                current = {a + b for a in current for b in expansions}
            out |= current
        return out if len(out) <= _MAX_EXPANSIONS else None
    return None


def _required_literals(items) -> set[str] | None:
    """A set of strings one of which every match of a parsed sequence contains, or None."""
    c = _sre_constants
    candidates: list[set[str]] = []
    run = {""}
    for op, av in items:
        expansions = _expand_item(op, av)
        if expansions is not None:
            joined = {a + b for a in run for b in expansions}
            if len(joined) <= _MAX_EXPANSIONS:
                run = joined
                continue
        candidates.append(run)
        run = {""}
        if expansions is not None:
            run = expansions
            continue
        inner = None
        if op is c.SUBPATTERN:
            inner = _required_literals(av[-1])
        elif op is c.BRANCH:
            parts = [_required_literals(alternative) for alternative in av[1]]
            if all(part is not None for part in parts):
                inner = set().union(*parts)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            inner = _required_literals(av[2])
        if inner is not None:
            candidates.append(inner)
    candidates.append(run)
    candidates = [cand for cand in candidates if cand and "" not in cand]
    if not candidates:
        return None
    return max(candidates, key=lambda cand: (min(map(len, cand)), -len(cand), sorted(cand)))


def pattern_anchors(pattern: str) -> frozenset[str] | None:
    """Lowercase literals one of which every match of a pattern contains; None when there are none."""
    try:
        parsed = _sre_parser.parse(_lowercase_pattern(pattern))
        required = _required_literals(list(parsed))
    except Exception:  # an unusual construct: no prefilter for this pattern, never a wrong result
        return None
    if not required or min(map(len, required)) < _MIN_ANCHOR_LENGTH:
        return None
    return frozenset(required)


def _theme_anchors(include: tuple[str, ...]) -> frozenset[str] | None:
    anchors: set[str] = set()
    for pattern in include:
        found = pattern_anchors(pattern)
        if found is None:
            return None
        anchors |= found
    # An anchor that contains another adds nothing: keep the shortest ones.
    kept: list[str] = []
    for anchor in sorted(anchors, key=lambda a: (len(a), a)):
        if not any(k in anchor for k in kept):
            kept.append(anchor)
    return frozenset(kept)


def _trie_pattern(words) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        """Expression for the words below a trie node."""
        branches = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
        return body

    return build(trie)


def _codebook_error(path: Path, where: str, problem: str, fix: str) -> InputError:
    return InputError(f"{path}: {where}: {problem} {fix}")


def _string_list(value, *, path: Path, where: str, field: str, minimum: int) -> tuple[str, ...]:
    if value is None:
        value = []
    if isinstance(value, str) or not isinstance(value, list):
        raise _codebook_error(
            path,
            where,
            f"field '{field}' must be a list of strings (one per line, starting with '- ').",
            f"Write it as a YAML list, e.g.\n  {field}:\n    - first entry",
        )
    items = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            raise _codebook_error(
                path,
                where,
                f"field '{field}' entry {index} is empty or not text ({item!r}).",
                "Give every entry as non-empty text; quote it if it contains ': ' or starts with a symbol.",
            )
        items.append(item.strip())
    if len(items) < minimum:
        raise _codebook_error(
            path,
            where,
            f"field '{field}' has {len(items)} entr{'y' if len(items) == 1 else 'ies'}; at least {minimum} required.",
            f"Add {minimum - len(items)} more.",
        )
    return tuple(items)


def _compile_patterns(patterns: tuple[str, ...], *, path: Path, where: str, field: str) -> re.Pattern | None:
    if not patterns:
        return None
    for index, pattern in enumerate(patterns, start=1):
        try:
            single = re.compile(_bounded((_lowercase_pattern(pattern),)))
        except re.error as exc:
            raise _codebook_error(
                path,
                where,
                f"field '{field}' pattern {index} {pattern!r} is not a valid regular expression ({exc}).",
                "Fix the pattern: close every bracket '(' '[', escape literal symbols such as '.' '(' "
                "'+' '?' with a backslash, or remove the entry.",
            ) from None
        if single.fullmatch(""):
            raise _codebook_error(
                path,
                where,
                f"field '{field}' pattern {index} {pattern!r} matches empty text, so it would code every passage.",
                "Make at least one part of the pattern required.",
            )
    try:
        return re.compile(_bounded(tuple(_lowercase_pattern(p) for p in patterns)))
    except re.error as exc:
        raise _codebook_error(
            path,
            where,
            f"the patterns of field '{field}' cannot be combined ({exc}).",
            "Remove backreferences such as \\1 and duplicate group names from the patterns.",
        ) from None


def _check_pattern_speed(entries, path: Path) -> None:
    """Refuse a pattern that backtracks catastrophically (it would hang the build with no message)."""
    from msmeetings.regex_budget import find_slow_pattern

    found = [
        (entry.get("id", f"theme {number}"), field, index, pattern)
        for number, entry in enumerate(entries, start=1)
        if isinstance(entry, dict)
        for field in ("include", "exclude")
        if isinstance(entry.get(field), list)
        for index, pattern in enumerate(entry[field], start=1)
        if isinstance(pattern, str) and pattern.strip()
    ]
    slow = find_slow_pattern([_bounded((_lowercase_pattern(p.strip()),)) for *_, p in found])
    if slow is not None:
        theme_id, field, index, pattern = found[slow]
        raise _codebook_error(
            path,
            f"theme '{theme_id}'",
            f"field '{field}' pattern {index} {pattern!r} takes too long to match (catastrophic backtracking: "
            "a repeated group that itself repeats, such as (\\w+\\s?)+).",
            "Rewrite it without nested repetition, e.g. list the words it should find.",
        )


def load_codebook(path: str | Path) -> list[Theme]:
    """Read, validate and compile the codebook; its examples are checked against the patterns.

    Raises:
        InputError: naming the file, the theme and the field at fault, and the fix. Raised for
            unreadable YAML, missing or unknown fields, duplicate ids, invalid patterns, an
            example that does not match or a non-example that does.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: the codebook is missing. Restore data/codebook.yml from git.")
    try:
        data = yaml.safe_load(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}). Save the codebook as UTF-8.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark is not None else "somewhere"
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(
            f"{path}: {line}: not valid YAML ({problem}). Check the indentation and quote text that "
            "contains ': ' or starts with a symbol."
        ) from None
    if not isinstance(data, dict) or "themes" not in data:
        raise InputError(
            f"{path}: the file must be a mapping with a 'themes:' list at the top. See data/codebook.yml in git."
        )
    unknown = [k for k in data if k not in CODEBOOK_KEYS]
    if unknown:
        raise InputError(
            f"{path}: unknown top-level key(s) {', '.join(map(str, unknown))}. Allowed: {', '.join(CODEBOOK_KEYS)}."
        )
    entries = data["themes"]
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{path}: 'themes' must be a non-empty list of themes (each starting with '- id: ...').")

    _check_pattern_speed(entries, path)
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"theme {number}"
        if not isinstance(entry, dict):
            raise _codebook_error(path, where, "is not a mapping of fields.", "Start each theme with '- id: ...'.")
        theme_id = entry.get("id")
        if isinstance(theme_id, str) and theme_id:
            where = f"theme '{theme_id}'"
        unknown = [k for k in entry if k not in THEME_FIELDS]
        if unknown:
            raise _codebook_error(
                path,
                where,
                f"unknown field(s) {', '.join(map(str, unknown))}.",
                f"Allowed fields: {', '.join(THEME_FIELDS)} (check the spelling).",
            )
        missing = [k for k in REQUIRED_THEME_FIELDS if k not in entry or entry[k] in (None, "", [])]
        if missing:
            raise _codebook_error(
                path,
                where,
                f"missing field(s) {', '.join(missing)}.",
                f"Every theme needs {', '.join(REQUIRED_THEME_FIELDS)}; exclude is optional.",
            )
        if not isinstance(theme_id, str) or not THEME_ID_RE.match(theme_id):
            raise _codebook_error(
                path,
                where,
                f"field 'id' {theme_id!r} is not a valid id.",
                "Use lower-case letters, digits and underscores, starting with a letter (e.g. jits).",
            )
        if theme_id in seen:
            raise _codebook_error(
                path,
                where,
                f"field 'id' duplicates theme {seen[theme_id]}.",
                "Give each theme a unique id.",
            )
        seen[theme_id] = number
        for field in ("label", "definition"):
            if not isinstance(entry[field], str) or not entry[field].strip():
                raise _codebook_error(
                    path, where, f"field '{field}' must be text.", f"Write the {field} as one line of text."
                )
        include = _string_list(entry["include"], path=path, where=where, field="include", minimum=1)
        exclude = _string_list(entry.get("exclude"), path=path, where=where, field="exclude", minimum=0)
        examples = _string_list(entry["examples"], path=path, where=where, field="examples", minimum=2)
        non_examples = _string_list(entry["non_examples"], path=path, where=where, field="non_examples", minimum=1)
        theme = Theme(
            id=theme_id,
            label=entry["label"].strip(),
            definition=" ".join(entry["definition"].split()),
            include=include,
            exclude=exclude,
            examples=examples,
            non_examples=non_examples,
            regex=_compile_patterns(include, path=path, where=where, field="include"),
            exclude_regex=_compile_patterns(exclude, path=path, where=where, field="exclude"),
            anchors=_theme_anchors(include),
        )
        for index, example in enumerate(examples, start=1):
            if not theme.find_terms(example):
                raise _codebook_error(
                    path,
                    where,
                    f"field 'examples' entry {index} ({example!r}) is not matched by any include "
                    "pattern (or only inside an excluded phrase).",
                    "Widen an include pattern (e.g. add a plural with 's?'), narrow an exclude pattern, or "
                    "correct the example.",
                )
        for index, example in enumerate(non_examples, start=1):
            found = theme.find_terms(example)
            if found:
                raise _codebook_error(
                    path,
                    where,
                    f"field 'non_examples' entry {index} ({example!r}) is matched (by {'; '.join(found)!r}).",
                    "Narrow the include pattern that matches it, add an exclude pattern, or correct the non-example.",
                )
        themes.append(theme)
    return themes


def codebook_frame(codebook: list[Theme]) -> pd.DataFrame:
    """Return the codebook as a table (theme_id, label, definition, patterns), in codebook order."""
    return pd.DataFrame(
        [
            {
                "theme_id": t.id,
                "label": t.label,
                "definition": t.definition,
                "include": "; ".join(t.include),
                "exclude": "; ".join(t.exclude),
            }
            for t in codebook
        ],
        columns=["theme_id", "label", "definition", "include", "exclude"],
    )


def _check_segments(segments: pd.DataFrame, needed: tuple[str, ...]) -> None:
    missing = [c for c in needed if c not in segments.columns]
    if missing:
        raise InputError(
            f"segments table: missing column(s) {', '.join(missing)}. Rebuild data/processed/segments.csv "
            "with notebook 01_corpus."
        )


def select_units(segments: pd.DataFrame, unit: str = "paragraph") -> pd.DataFrame:
    """Return the rows that are coding units: text blocks for "paragraph", sentences for "sentence"."""
    if unit not in UNITS:
        raise InputError(f"parameter coding_unit: '{unit}' is not a coding unit. Use one of: {', '.join(UNITS)}.")
    _check_segments(segments, SEGMENT_INPUT_COLUMNS)
    mask = segments["kind"].isin(TEXT_KINDS) if unit == "paragraph" else segments["kind"].eq("sentence")
    return segments.loc[mask]


def _candidate_units(lowered: str, starts: np.ndarray, codebook: list[Theme]) -> dict[str, np.ndarray]:
    """Per anchored theme, the indices of units holding one of its anchors (see pattern_anchors)."""
    anchored = [t for t in codebook if t.anchors]
    if not anchored or not len(starts):
        return {}
    themes_of: dict[str, set[str]] = {}
    for theme in anchored:
        for anchor in theme.anchors:
            themes_of.setdefault(anchor, set()).add(theme.id)
    # A trie-shaped expression starts with a set of literal first letters, which lets re skip
    # ahead fast. Restarting one character after each hit finds every position where an anchor
    # starts (overlaps included), with the longest anchor there; the shorter anchors at the same
    # position are its prefixes and are credited below.
    search = re.compile(_trie_pattern(themes_of)).search
    found = []
    match = search(lowered, 0)
    while match is not None:
        start = match.start()
        found.append((start, match.group()))
        match = search(lowered, start + 1)
    if not found:
        return {t.id: np.zeros(0, dtype=np.int64) for t in anchored}
    positions = np.fromiter((p for p, _ in found), dtype=np.int64, count=len(found))
    hits = [h for _, h in found]
    distinct = sorted(set(hits))
    code = {hit: k for k, hit in enumerate(distinct)}
    hit_codes = np.fromiter((code[h] for h in hits), dtype=np.int64, count=len(hits))
    unit_of = np.searchsorted(starts, positions, side="right") - 1
    result = {}
    for theme in anchored:
        credited = np.array(
            [any(hit[:k] in theme.anchors for k in range(1, len(hit) + 1)) for hit in distinct], dtype=bool
        )
        result[theme.id] = np.unique(unit_of[credited[hit_codes]])
    return result


def _scan(theme: Theme, lowered: str, starts: np.ndarray) -> dict[int, set[str]]:
    """Terms of a theme per unit, scanning a string of units joined by newlines in one pass."""
    excluded = [m.span() for m in theme.exclude_regex.finditer(lowered)] if theme.exclude_regex else []
    ex_starts = np.array([a for a, _ in excluded], dtype=np.int64)
    ex_ends = np.array([b for _, b in excluded], dtype=np.int64)
    matches = [(m.start(), m.end(), m.group()) for m in theme.regex.finditer(lowered)]
    if not matches:
        return {}
    spans = np.array([(a, b) for a, b, _ in matches], dtype=np.int64)
    keep = np.ones(len(matches), dtype=bool)
    if excluded:
        # Excluded spans do not overlap each other: only the last one starting before b can overlap.
        k = np.searchsorted(ex_starts, spans[:, 1], side="left") - 1
        keep = ~((k >= 0) & (ex_ends[np.maximum(k, 0)] > spans[:, 0]))
    units = np.searchsorted(starts, spans[:, 0], side="right") - 1
    found: dict[int, set[str]] = {}
    for unit, is_kept, (_, _, term) in zip(units.tolist(), keep.tolist(), matches):
        if is_kept:
            found.setdefault(unit, set()).add(_normalise_term(term))
    return found


def code_segments(segments: pd.DataFrame, codebook: list[Theme], unit: str = "paragraph") -> pd.DataFrame:
    """Code every unit with every theme whose patterns it matches.

    Args:
        segments: the segments table (see msmeetings.segment).
        codebook: themes from load_codebook.
        unit: "paragraph" (text blocks: paragraphs, bullets, list items, footnotes) or "sentence".

    Returns:
        One row per coded (unit, theme): segment_id, meeting_id, theme_id, matched_terms
        ("; "-joined, lowercased, sorted unique), sorted by meeting_id, segment_id, theme_id.
    """
    units = select_units(segments, unit)
    if units["segment_id"].duplicated().any():
        dup = units.loc[units["segment_id"].duplicated(), "segment_id"].iloc[0]
        raise InputError(f"segments table: segment_id '{dup}' occurs more than once. Rebuild segments.csv.")
    # Lowercased passage by passage, so offsets stay consistent even where lowercasing changes length;
    # a newline inside a passage becomes a space, so that the newline joining passages is never matched.
    texts = [t.lower().replace("\n", " ") for t in units["text"].fillna("").astype(str)]
    ids = units["segment_id"].astype(str).to_numpy()
    meeting_ids = units["meeting_id"].astype(str).to_numpy()
    # One string for the whole corpus, units joined by a newline: patterns are word-bounded, so no
    # match runs from one passage into the next.
    separator = "\n"
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    starts = np.zeros(len(texts), dtype=np.int64)
    if len(texts):
        starts[1:] = np.cumsum(lengths + len(separator))[:-1]
    lowered = separator.join(texts)
    candidates = _candidate_units(lowered, starts, codebook)
    rows = []
    for theme in codebook:
        chosen = candidates.get(theme.id)
        if chosen is None:
            found = _scan(theme, lowered, starts)
        else:
            # Only the passages that hold an anchor, joined again so that one scan covers them all.
            subset = [texts[i] for i in chosen.tolist()]
            sub_lengths = lengths[chosen]
            sub_starts = np.zeros(len(subset), dtype=np.int64)
            if len(subset):
                sub_starts[1:] = np.cumsum(sub_lengths + len(separator))[:-1]
            found = {int(chosen[k]): terms for k, terms in _scan(theme, separator.join(subset), sub_starts).items()}
        for index, terms in found.items():
            rows.append((ids[index], meeting_ids[index], theme.id, "; ".join(sorted(terms))))
    codes = pd.DataFrame(rows, columns=THEME_CODE_COLUMNS)
    return codes.sort_values(["meeting_id", "segment_id", "theme_id"], kind="mergesort").reset_index(drop=True)


def count_units(segments: pd.DataFrame, unit: str = "paragraph") -> pd.DataFrame:
    """Per meeting: coding units and words of text (text blocks), the denominators of the matrix."""
    units = select_units(segments, unit)
    blocks = segments.loc[segments["kind"].isin(TEXT_KINDS)]
    words = pd.to_numeric(blocks["n_words"], errors="coerce").fillna(0).groupby(blocks["meeting_id"]).sum()
    counts = units.groupby("meeting_id").size()
    ids = sorted(set(words.index) | set(counts.index))
    return pd.DataFrame(
        {
            "meeting_id": ids,
            "n_units": [int(counts.get(m, 0)) for m in ids],
            "n_words": [int(words.get(m, 0)) for m in ids],
        }
    )


def _meeting_ids(meetings) -> list[str]:
    if isinstance(meetings, pd.DataFrame):
        return meetings["meeting_id"].astype(str).tolist()
    return [getattr(m, "meeting_id", m) for m in meetings]


def build_theme_matrix(
    theme_codes: pd.DataFrame,
    segments: pd.DataFrame,
    meetings,
    codebook: list[Theme],
    unit: str = "paragraph",
) -> pd.DataFrame:
    """Return every meeting x every theme, zeros included, with length-normalised measures.

    n_segments counts coded units; share_pct is coded units per 100 units of the meeting;
    per_1000_words is coded units per 1,000 words of text blocks. Rounded to 2 decimals.
    Sorted by meeting_id, theme_id.
    """
    _check_segments(segments, SEGMENT_INPUT_COLUMNS + ("n_words",))
    meeting_ids = _meeting_ids(meetings)
    denominators = count_units(segments, unit).set_index("meeting_id")
    counts = theme_codes.groupby(["meeting_id", "theme_id"]).size()
    rows = []
    for meeting_id in meeting_ids:
        n_units = int(denominators["n_units"].get(meeting_id, 0))
        n_words = int(denominators["n_words"].get(meeting_id, 0))
        for theme in codebook:
            n = int(counts.get((meeting_id, theme.id), 0))
            rows.append(
                (
                    meeting_id,
                    theme.id,
                    n,
                    round(100.0 * n / n_units, 2) if n_units else float("nan"),
                    round(1000.0 * n / n_words, 2) if n_words else float("nan"),
                )
            )
    matrix = pd.DataFrame(rows, columns=THEME_MATRIX_COLUMNS)
    return matrix.sort_values(["meeting_id", "theme_id"], kind="mergesort").reset_index(drop=True)


def _ordered_meetings(meetings) -> list[str]:
    if isinstance(meetings, pd.DataFrame):
        frame = meetings.assign(_date=meetings["start_date"].astype(str))
        return frame.sort_values(["_date", "meeting_id"], kind="mergesort")["meeting_id"].astype(str).tolist()
    ordered = sorted(meetings, key=lambda m: (m.start_date, m.meeting_id))
    return [m.meeting_id for m in ordered]


def summarise_theme_emergence(theme_matrix: pd.DataFrame, meetings, codebook: list[Theme]) -> pd.DataFrame:
    """Per theme: where it first appears, where it is present, and whether it is new, persists or fades.

    Meetings are taken in date order. status is "new in latest" (first found in the latest
    meeting), "persistent" (in the latest meeting and an earlier one), "faded" (found earlier,
    not in the latest) or "absent" (in no meeting). Rows in codebook order.
    """
    order = _ordered_meetings(meetings)
    latest = order[-1] if order else ""
    present = theme_matrix[theme_matrix["n_segments"] > 0]
    by_theme = present.groupby("theme_id")["meeting_id"].agg(set)
    rows = []
    for theme in codebook:
        where = by_theme.get(theme.id, set())
        in_order = [m for m in order if m in where]
        in_latest = latest in where
        earlier = [m for m in in_order if m != latest]
        if not in_order:
            status = "absent"
        elif in_latest and not earlier:
            status = "new in latest"
        elif in_latest:
            status = "persistent"
        else:
            status = "faded"
        rows.append(
            {
                "theme_id": theme.id,
                "label": theme.label,
                "first_meeting_id": in_order[0] if in_order else "",
                "last_meeting_id": in_order[-1] if in_order else "",
                "n_meetings_present": len(in_order),
                "n_meetings": len(order),
                "meetings_present": "; ".join(in_order),
                "in_latest": in_latest,
                "status": status,
            }
        )
    return pd.DataFrame(rows)


def count_theme_cooccurrence(theme_codes: pd.DataFrame, codebook: list[Theme]) -> pd.DataFrame:
    """Every pair of themes with the number of units coded with both, and their Jaccard index.

    Columns: theme_a, theme_b (codebook order, a before b), n_both, n_a, n_b, jaccard (n_both
    over units coded with either; 0 when neither occurs), rounded to 3 decimals.
    """
    sets = {t.id: set(theme_codes.loc[theme_codes["theme_id"] == t.id, "segment_id"]) for t in codebook}
    rows = []
    for i, a in enumerate(codebook):
        for b in codebook[i + 1 :]:
            both = len(sets[a.id] & sets[b.id])
            either = len(sets[a.id] | sets[b.id])
            rows.append(
                {
                    "theme_a": a.id,
                    "theme_b": b.id,
                    "n_both": both,
                    "n_a": len(sets[a.id]),
                    "n_b": len(sets[b.id]),
                    "jaccard": round(both / either, 3) if either else 0.0,
                }
            )
    return pd.DataFrame(rows, columns=["theme_a", "theme_b", "n_both", "n_a", "n_b", "jaccard"])


def cooccurrence_matrix(cooccurrence: pd.DataFrame, codebook: list[Theme], value: str = "n_both") -> pd.DataFrame:
    """Square, symmetric theme x theme table of a co-occurrence measure (diagonal: units per theme)."""
    ids = [t.id for t in codebook]
    square = pd.DataFrame(0.0, index=ids, columns=ids)
    for row in cooccurrence.itertuples(index=False):
        square.loc[row.theme_a, row.theme_b] = getattr(row, value)
        square.loc[row.theme_b, row.theme_a] = getattr(row, value)
        if value == "n_both":
            square.loc[row.theme_a, row.theme_a] = row.n_a
            square.loc[row.theme_b, row.theme_b] = row.n_b
    return square


def _word_window(text: str, terms: list[str], max_words: int) -> str:
    """The max_words words of a text centred on the first matched term, with … where cut."""
    words = text.split()
    if len(words) <= max_words:
        return text
    lowered = text.lower()
    found = [lowered.find(t) for t in terms if lowered.find(t) >= 0]
    at = len(lowered[: min(found)].split()) if found else 0
    start = max(0, min(at - max_words // 3, len(words) - max_words))
    end = start + max_words
    return ("… " if start else "") + " ".join(words[start:end]) + (" …" if end < len(words) else "")


def _sentence_excerpt(block_text: str, sentences: list[str], terms: list[str], max_words: int) -> tuple[str, bool]:
    if len(block_text.split()) <= max_words:
        return block_text, False
    lowered = [s.lower() for s in sentences]
    chosen = [s for s, low in zip(sentences, lowered) if any(t in low for t in terms)] or [block_text]
    picked, words = [], 0
    for sentence in chosen:
        n = len(sentence.split())
        if picked and words + n > max_words:
            break
        picked.append(sentence)
        words += n
    if len(picked) == 1:
        # One long sentence (the source's numbered lists run to 200 words): a window around the term.
        return _word_window(picked[0], terms, max_words), True
    return " … ".join(picked), True


def select_theme_quotes(
    theme_codes: pd.DataFrame,
    segments: pd.DataFrame,
    per_meeting: int = 1,
    max_words: int = 80,
    judgements: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Choose, per theme and meeting, the passages to quote, deterministically.

    The passages with the most distinct matched terms come first, then the earliest in the
    document. Passages that the hand judgements say are not about the theme (known false
    positives) are never quoted. A passage longer than max_words is shortened to its sentences
    that contain a matched term, or to a window of words around the term (is_excerpt true); the
    citation still names the whole passage.

    Returns:
        theme_id, meeting_id, segment_id, matched_terms, quote, is_excerpt; sorted by theme_id,
        meeting_id, choice order.
    """
    if per_meeting < 1:
        raise InputError(f"parameter quotes_per_meeting: {per_meeting} must be at least 1.")
    _check_segments(segments, SEGMENT_INPUT_COLUMNS)
    columns = ["theme_id", "meeting_id", "segment_id", "matched_terms", "quote", "is_excerpt"]
    if judgements is not None and len(judgements):
        rejected = judgements.loc[judgements["is_present"] == 0, ["segment_id", "theme_id"]]
        known = set(zip(rejected["segment_id"], rejected["theme_id"]))
        pairs = zip(theme_codes["segment_id"].astype(str), theme_codes["theme_id"])
        keep = [(_block_id(s), t) not in known for s, t in pairs]
        theme_codes = theme_codes.loc[np.array(keep, dtype=bool)]
    if theme_codes.empty:
        return pd.DataFrame(columns=columns)
    order = {sid: i for i, sid in enumerate(segments["segment_id"].astype(str))}
    text = dict(zip(segments["segment_id"].astype(str), segments["text"].fillna("").astype(str)))
    has_parent = "parent_id" in segments.columns
    sentences_of: dict[str, list[str]] = {}
    if has_parent:
        sent = segments.loc[segments["kind"] == "sentence"]
        for parent, sentence in zip(sent["parent_id"].astype(str), sent["text"].astype(str)):
            sentences_of.setdefault(parent, []).append(sentence)
    ranked = theme_codes.assign(
        _n=theme_codes["matched_terms"].str.split("; ").str.len(),
        _pos=theme_codes["segment_id"].map(order).fillna(len(order)),
    ).sort_values(["theme_id", "meeting_id", "_n", "_pos"], ascending=[True, True, False, True], kind="mergesort")
    chosen = ranked.groupby(["theme_id", "meeting_id"], sort=False).head(per_meeting)
    rows = []
    for row in chosen.itertuples(index=False):
        terms = row.matched_terms.split("; ")
        quote, is_excerpt = _sentence_excerpt(
            text.get(row.segment_id, ""), sentences_of.get(row.segment_id, []), terms, max_words
        )
        rows.append((row.theme_id, row.meeting_id, row.segment_id, row.matched_terms, quote, is_excerpt))
    return pd.DataFrame(rows, columns=columns)


def format_theme_quotes(quotes: pd.DataFrame, codebook: list[Theme], meetings) -> list[str]:
    """Return one Markdown block per theme: its label and definition, then its quotes, each cited.

    Quoted text is escaped (msmeetings.outputs.esc); each quote ends with a link to its passage.
    Meetings with no passage for a theme are named, so absence is visible.
    """
    from msmeetings.outputs import cite, esc

    order = _ordered_meetings(meetings)
    blocks = []
    for theme in codebook:
        mine = quotes[quotes["theme_id"] == theme.id]
        lines = [f"**{esc(theme.label)}** (`{theme.id}`): {esc(theme.definition)}", ""]
        missing = []
        for meeting_id in order:
            here = mine[mine["meeting_id"] == meeting_id]
            if here.empty:
                missing.append(meeting_id)
                continue
            for row in here.itertuples(index=False):
                shortened = " (excerpt)" if row.is_excerpt else ""
                lines.append(f"> “{esc(row.quote)}” — {cite(row.segment_id)}{shortened}")
                lines.append(">")
                lines.append(f"> <small>matched: {esc(row.matched_terms)}</small>")
                lines.append("")
        if missing:
            lines.append(f"Not found in: {', '.join(esc(m) for m in missing)}.")
        blocks.append("\n".join(lines).rstrip() + "\n")
    return blocks


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens (letters, with inner hyphens or apostrophes); digits and possessive 's dropped."""
    tokens = (t.lower().replace("’", "'") for t in _TOKEN_RE.findall(text))
    return [t[:-2] if t.endswith("'s") else t for t in tokens]


def _is_content_word(token: str, stop_words: frozenset[str]) -> bool:
    return len(token) >= 2 and token not in stop_words and not _ROMAN_RE.match(token)


def count_terms(texts, stop_words: frozenset[str]) -> Counter:
    """Count unigrams and bigrams of content words; a bigram never spans a removed word."""
    counts: Counter = Counter()
    for text in texts:
        tokens = tokenize(text)
        keep = [_is_content_word(t, stop_words) for t in tokens]
        for i, token in enumerate(tokens):
            if keep[i]:
                counts[token] += 1
                if i + 1 < len(tokens) and keep[i + 1]:
                    counts[f"{token} {tokens[i + 1]}"] += 1
    return counts


def compute_distinctive_terms(
    segments: pd.DataFrame,
    meetings,
    top_n: int = 10,
    *,
    min_count: int = 2,
    prior_size: float = 200.0,
) -> pd.DataFrame:
    """Terms most distinctive of each meeting against the others (Monroe et al. 2008).

    Weighted log-odds ratio with an informative Dirichlet prior: the prior for a term is its share
    of the whole corpus times prior_size, so rare terms are shrunk towards zero instead of topping
    the list by chance. Each meeting is compared with all other meetings together. Text blocks only;
    stop words (scikit-learn's English list plus DOMAIN_STOP_WORDS) and numbers removed; terms are
    words and two-word phrases. A word is left out where a two-word phrase holding it occurs as
    often in the meeting, since it says nothing the phrase does not ("south" beside "south partner").
    prior_size 200 (about 3% of the seed corpus's content words) lets the short documents' own
    counts speak; larger values favour the long reports' frequent words.

    Returns:
        meeting_id, term, count (occurrences in the meeting), z_score (2 decimals), rank (1 = most
        distinctive); top_n terms per meeting with count >= min_count and z_score > 0.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    if top_n < 1:
        raise InputError(f"parameter top_n_terms: {top_n} must be at least 1.")
    _check_segments(segments, SEGMENT_INPUT_COLUMNS)
    stop_words = frozenset(ENGLISH_STOP_WORDS) | DOMAIN_STOP_WORDS
    blocks = segments.loc[segments["kind"].isin(TEXT_KINDS)]
    meeting_ids = _meeting_ids(meetings)
    per_meeting = {
        m: count_terms(blocks.loc[blocks["meeting_id"] == m, "text"].fillna("").astype(str), stop_words)
        for m in meeting_ids
    }
    total: Counter = Counter()
    for counts in per_meeting.values():
        total.update(counts)
    n_total = sum(total.values())
    rows = []
    if n_total == 0:
        return pd.DataFrame(rows, columns=DISTINCTIVE_COLUMNS)
    vocab = sorted(total)
    y_all = np.array([total[w] for w in vocab], dtype=float)
    alpha = prior_size * y_all / n_total
    alpha0 = alpha.sum()
    for meeting_id in meeting_ids:
        y_i = np.array([per_meeting[meeting_id].get(w, 0) for w in vocab], dtype=float)
        y_j = y_all - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        if n_i == 0 or n_j == 0:
            continue
        delta = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - np.log(
            (y_j + alpha) / (n_j + alpha0 - y_j - alpha)
        )
        z = delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
        frame = pd.DataFrame({"term": vocab, "count": y_i.astype(int), "z_score": np.round(z, 2)})
        frame = frame[(frame["count"] >= min_count) & (frame["z_score"] > 0)]
        counts = per_meeting[meeting_id]
        covered = {w for term, n in counts.items() if " " in term for w in term.split(" ") if counts.get(w) == n}
        frame = frame[~frame["term"].isin(covered)]
        frame = frame.sort_values(["z_score", "count", "term"], ascending=[False, False, True], kind="mergesort").head(
            top_n
        )
        for rank, row in enumerate(frame.itertuples(index=False), start=1):
            rows.append((meeting_id, row.term, int(row.count), float(row.z_score), rank))
    return pd.DataFrame(rows, columns=DISTINCTIVE_COLUMNS)


def load_judgements(path: str | Path, codebook: list[Theme] | None = None) -> pd.DataFrame:
    """Read hand judgements (segment_id, theme_id, is_present 0/1, note) and check them.

    Optional columns kept when present: sample (how the passage was chosen) and passage_snippet
    (the words that located the passage when it was judged, to catch renumbered segments).

    Raises:
        InputError: missing columns, is_present not 0/1, an unknown theme, or a duplicate pair.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: the validation sample is missing. Restore it from git.")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    needed = ["segment_id", "theme_id", "is_present", "note"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}. The header must be {','.join(needed)}.")
    bad = table.index[~table["is_present"].isin(["0", "1"])]
    if len(bad):
        raise InputError(
            f"{path}: line {bad[0] + 2}: is_present must be 0 or 1, not {table.loc[bad[0], 'is_present']!r}."
        )
    if codebook is not None:
        known = {t.id for t in codebook}
        unknown = table.index[~table["theme_id"].isin(known)]
        if len(unknown):
            raise InputError(
                f"{path}: line {unknown[0] + 2}: theme_id {table.loc[unknown[0], 'theme_id']!r} is not in the codebook."
            )
    dup = table.duplicated(["segment_id", "theme_id"])
    if dup.any():
        i = table.index[dup][0]
        pair = f"({table.loc[i, 'segment_id']}, {table.loc[i, 'theme_id']})"
        raise InputError(f"{path}: line {i + 2}: the pair {pair} is judged twice. Keep one judgement per pair.")
    table["is_present"] = table["is_present"].astype(int)
    optional = [c for c in ("sample", "passage_snippet") if c in table.columns]
    return table[needed + optional]


_SENTENCE_ID_RE = re.compile(r"^(?P<block>.+:\d+)\.\d+$")


def _block_id(segment_id: str) -> str:
    match = _SENTENCE_ID_RE.match(segment_id)
    return match.group("block") if match else segment_id


def score_theme_coding(theme_codes: pd.DataFrame, judgements: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of the coding against hand judgements, per theme and overall.

    Judgements are made on passages (text blocks); sentence codes count for their passage when any
    of its sentences is coded. The "all themes" row pools every judgement (micro average).
    Undefined ratios (no predicted or no true positives) are left empty.

    Args:
        theme_codes: output of code_segments.
        judgements: output of load_judgements.
        by: optional judgements column (e.g. "sample"); scores are then given per value of it and
            for all judgements together ("all"), with that column first.
    """
    if by is not None:
        if by not in judgements.columns:
            raise InputError(f"judgements: no column '{by}' to score by. Columns: {', '.join(judgements.columns)}.")
        parts = [("all", judgements)] + [(str(k), g) for k, g in judgements.groupby(by, sort=True)]
        frames = [score_theme_coding(theme_codes, g).assign(**{by: k}) for k, g in parts]
        scored = pd.concat(frames, ignore_index=True)
        return scored[[by] + [c for c in scored.columns if c != by]]
    coded = {(_block_id(s), t) for s, t in zip(theme_codes["segment_id"].astype(str), theme_codes["theme_id"])}
    predicted = [(s, t) in coded for s, t in zip(judgements["segment_id"], judgements["theme_id"])]
    frame = judgements.assign(predicted=np.array(predicted, dtype=int))

    def _scores(group: pd.DataFrame, theme_id: str) -> dict:
        tp = int(((group.predicted == 1) & (group.is_present == 1)).sum())
        fp = int(((group.predicted == 1) & (group.is_present == 0)).sum())
        fn = int(((group.predicted == 0) & (group.is_present == 1)).sum())
        tn = int(((group.predicted == 0) & (group.is_present == 0)).sum())
        precision = tp / (tp + fp) if tp + fp else math.nan
        recall = tp / (tp + fn) if tp + fn else math.nan
        f1 = 2 * precision * recall / (precision + recall) if tp else (0.0 if (tp + fp) and (tp + fn) else math.nan)
        return {
            "theme_id": theme_id,
            "n_judged": len(group),
            "n_present": tp + fn,
            "true_pos": tp,
            "false_pos": fp,
            "false_neg": fn,
            "true_neg": tn,
            "precision": round(precision, 3) if not math.isnan(precision) else math.nan,
            "recall": round(recall, 3) if not math.isnan(recall) else math.nan,
            "f1": round(f1, 3) if not math.isnan(f1) else math.nan,
        }

    rows = [_scores(group, theme_id) for theme_id, group in frame.groupby("theme_id", sort=True)]
    rows.append(_scores(frame, "all themes"))
    return pd.DataFrame(rows)


def list_coding_errors(theme_codes: pd.DataFrame, judgements: pd.DataFrame) -> pd.DataFrame:
    """Judgements the coder got wrong: false positives and false negatives, with the judge's note."""
    codes = zip(theme_codes["segment_id"].astype(str), theme_codes["theme_id"], theme_codes["matched_terms"])
    terms = {(_block_id(s), t): m for s, t, m in codes}
    rows = []
    for row in judgements.itertuples(index=False):
        found = terms.get((row.segment_id, row.theme_id))
        if (found is not None) != bool(row.is_present):
            rows.append(
                {
                    "segment_id": row.segment_id,
                    "theme_id": row.theme_id,
                    "error": "false positive" if found is not None else "false negative",
                    "matched_terms": found or "",
                    "note": row.note,
                }
            )
    return pd.DataFrame(rows, columns=["segment_id", "theme_id", "error", "matched_terms", "note"])


def select_judgements(judgements: pd.DataFrame, meetings) -> pd.DataFrame:
    """Keep the judgements on passages of the given meetings (a run restricted to some meetings)."""
    wanted = set(_meeting_ids(meetings))
    keep = judgements["segment_id"].astype(str).str.split(":").str[0].isin(wanted)
    return judgements.loc[keep].reset_index(drop=True)


# --- Reading, tables and prose for the chapter -----------------------------------------------------


def _labels(codebook: list[Theme]) -> dict[str, str]:
    return {t.id: t.label for t in codebook}


def pivot_theme_matrix(
    theme_matrix: pd.DataFrame, meetings, codebook: list[Theme], value: str = "n_segments"
) -> pd.DataFrame:
    """Wide table: one row per theme (codebook order, by label), one column per meeting (date order)."""
    order = _ordered_meetings(meetings)
    wide = theme_matrix.pivot(index="theme_id", columns="meeting_id", values=value)
    wide = wide.reindex(index=[t.id for t in codebook], columns=order)
    wide.index = [_labels(codebook)[i] for i in wide.index]
    wide.index.name = "theme"
    wide.columns.name = None
    return wide.reset_index()


def meeting_tick_labels(meetings, units: pd.DataFrame | None = None) -> list[str]:
    """Axis labels for meetings in date order: id, kind of document and, when given, words of text."""
    frame = meetings if isinstance(meetings, pd.DataFrame) else pd.DataFrame([vars(m) for m in meetings])
    frame = frame.set_index("meeting_id")
    words = units.set_index("meeting_id")["n_words"] if units is not None else None
    labels = []
    for meeting_id in _ordered_meetings(meetings):
        label = f"{meeting_id}\n{frame.loc[meeting_id, 'document_type']}"
        if words is not None and meeting_id in words.index:
            label += f"\n{int(words[meeting_id]):,} words"
        labels.append(label)
    return labels


def plot_theme_heatmap(theme_matrix: pd.DataFrame, meetings, codebook: list[Theme], units: pd.DataFrame | None = None):
    """Heat map of coded passages per 1,000 words, theme x meeting, kind of document in the labels."""
    import matplotlib.pyplot as plt

    wide = pivot_theme_matrix(theme_matrix, meetings, codebook, "per_1000_words").set_index("theme")
    counts = pivot_theme_matrix(theme_matrix, meetings, codebook, "n_segments").set_index("theme")
    values = wide.to_numpy(dtype=float)
    n_counts = counts.to_numpy()
    meeting_labels = meeting_tick_labels(meetings, units)
    # Up to a dozen meetings as columns; beyond that meetings become rows so the chart grows down
    # the page rather than past its width, and cell labels go once cells get too small to read.
    transpose = values.shape[1] > 12
    if transpose:
        values, n_counts = values.T, n_counts.T
        fig, ax = plt.subplots(figsize=(0.42 * values.shape[1] + 5.5, 0.3 * values.shape[0] + 2.6))
    else:
        fig, ax = plt.subplots(figsize=(1.6 * values.shape[1] + 4.2, 0.36 * values.shape[0] + 2.2))
    finite = values[np.isfinite(values)]
    image = ax.imshow(
        np.ma.masked_invalid(values),
        cmap="Blues",
        aspect="auto",
        vmin=0,
        vmax=float(finite.max()) if finite.size and finite.max() > 0 else 1.0,
    )
    top = float(finite.max()) if finite.size else 0.0
    if values.size <= 40 * 20:
        for (row, col), value in np.ndenumerate(values):
            n = n_counts[row, col]
            text = "–" if not np.isfinite(value) else ("0" if n == 0 else f"{value:.1f}")
            ax.text(
                col,
                row,
                text,
                ha="center",
                va="center",
                fontsize=8 if not transpose else 6,
                color="white" if np.isfinite(value) and top and value > 0.6 * top else "#333333",
            )
    if transpose:
        ax.set_yticks(range(values.shape[0]), meeting_labels, fontsize=7)
        ax.set_xticks(range(values.shape[1]), wide.index, fontsize=8, rotation=60, ha="right")
        ax.set_ylabel("Meeting (kind of document, words of text)")
        ax.set_xlabel("Theme")
    else:
        ax.set_xticks(range(values.shape[1]), meeting_labels, fontsize=8)
        ax.set_yticks(range(values.shape[0]), wide.index, fontsize=9)
        ax.set_xlabel("Meeting (kind of document, words of text)")
        ax.set_ylabel("Theme")
    ax.set_title("Themes per meeting: coded passages per 1,000 words")
    ax.spines[:].set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("Coded passages per 1,000 words")
    return fig


def plot_theme_cooccurrence(cooccurrence: pd.DataFrame, codebook: list[Theme]):
    """Lower-triangle heat map of the number of passages coded with both themes of a pair."""
    import matplotlib.pyplot as plt

    square = cooccurrence_matrix(cooccurrence, codebook, "n_both").to_numpy(dtype=float)
    size = len(codebook)
    # Lower triangle without the diagonal: its first row and last column would be empty.
    shown = np.where(np.tril(np.ones((size, size), dtype=bool), k=-1), square, np.nan)[1:, :-1]
    fig, ax = plt.subplots(figsize=(0.42 * size + 4.0, 0.38 * size + 2.0))
    finite = shown[np.isfinite(shown)]
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    image = ax.imshow(np.ma.masked_invalid(shown), cmap="Purples", vmin=0, vmax=top)
    for (row, col), value in np.ndenumerate(shown):
        if np.isfinite(value) and value > 0:
            ax.text(
                col,
                row,
                f"{value:.0f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value > 0.6 * top else "#333333",
            )
    labels = [t.label for t in codebook]
    ax.set_xticks(range(size - 1), labels[:-1], rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(size - 1), labels[1:], fontsize=8)
    ax.set_xlabel("Theme")
    ax.set_ylabel("Theme")
    ax.set_title("Themes coded in the same passage")
    ax.spines[:].set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("Passages coded with both themes")
    return fig


def _join(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _occur(n: int) -> str:
    return "occurs" if n == 1 else "occur"


def describe_theme_coverage(theme_matrix: pd.DataFrame, meetings, codebook: list[Theme]) -> str:
    """Prose: how widely the themes occur, and the highest rates, computed from the theme matrix."""
    from msmeetings.outputs import esc

    labels = _labels(codebook)
    order = _ordered_meetings(meetings)
    present = theme_matrix[theme_matrix["n_segments"] > 0].groupby("theme_id")["meeting_id"].nunique()
    everywhere = [labels[t.id] for t in codebook if present.get(t.id, 0) == len(order)]
    once = [labels[t.id] for t in codebook if present.get(t.id, 0) == 1]
    nowhere = [labels[t.id] for t in codebook if present.get(t.id, 0) == 0]
    parts = [
        f"Of the {len(codebook)} themes, {len(everywhere)} {_occur(len(everywhere))} in all {len(order)} documents"
        + (f" ({esc(_join(everywhere))})" if everywhere else "")
        + "."
    ]
    if once:
        parts.append(f"{len(once)} {_occur(len(once))} in one document only ({esc(_join(once))}).")
    if nowhere:
        parts.append(f"{len(nowhere)} {_occur(len(nowhere))} in none ({esc(_join(nowhere))}).")
    per_meeting = theme_matrix[theme_matrix["n_segments"] > 0].groupby("meeting_id")["theme_id"].nunique()
    breadth = "; ".join(f"{esc(m)} {int(per_meeting.get(m, 0))}" for m in order)
    parts.append(f"Themes found per document, in date order: {breadth}.")
    ranked = theme_matrix.dropna(subset=["per_1000_words"]).sort_values(
        ["per_1000_words", "n_segments", "meeting_id", "theme_id"], ascending=[False, False, True, True]
    )
    if len(ranked) and ranked["per_1000_words"].iloc[0] > 0:
        best = ranked.iloc[0]
        parts.append(
            f"The highest rate is {esc(labels[best['theme_id']])} in {esc(best['meeting_id'])}: "
            f"{best['per_1000_words']:.1f} coded passages per 1,000 words ({int(best['n_segments'])} passages, "
            f"{best['share_pct']:.0f}% of the document's passages)."
        )
    return " ".join(parts)


def describe_theme_emergence(emergence: pd.DataFrame, meetings) -> str:
    """Prose: which themes appear first where, persist, are new in the latest meeting, or fade."""
    from msmeetings.outputs import esc

    order = _ordered_meetings(meetings)
    if not order:
        return "No meetings selected."
    first, latest = order[0], order[-1]
    by_status = {
        s: emergence.loc[emergence["status"] == s, "label"].tolist()
        for s in ("persistent", "new in latest", "faded", "absent")
    }
    in_first = emergence.loc[emergence["first_meeting_id"] == first, "label"].tolist()
    all_meetings = emergence.loc[emergence["n_meetings_present"] == len(order), "label"].tolist()
    parts = [
        f"{len(in_first)} of {len(emergence)} themes already {_occur(len(in_first))} "
        f"in the earliest document ({esc(first)})."
    ]
    parts.append(
        f"{len(by_status['persistent'])} persist into the latest ({esc(latest)}), "
        f"{len(all_meetings)} of them in every document in between."
    )
    if by_status["new in latest"]:
        parts.append(f"New in the latest document: {esc(_join(by_status['new in latest']))}.")
    else:
        parts.append("No theme appears for the first time in the latest document.")
    if by_status["faded"]:
        faded = emergence[emergence["status"] == "faded"]
        parts.append(
            "Found earlier but not in the latest document: "
            + esc(_join([f"{r.label} (last in {r.last_meeting_id})" for r in faded.itertuples(index=False)]))
            + "."
        )
    if by_status["absent"]:
        parts.append(f"Not found at all: {esc(_join(by_status['absent']))}.")
    later_first = emergence[(emergence["first_meeting_id"] != first) & (emergence["first_meeting_id"] != "")]
    if len(later_first):
        counts = later_first["first_meeting_id"].value_counts()
        parts.append(
            "First appearances after the earliest document: "
            + "; ".join(f"{esc(m)} {int(counts[m])}" for m in order if m in counts.index)
            + "."
        )
    return " ".join(parts)


def describe_cooccurrence(cooccurrence: pd.DataFrame, codebook: list[Theme], top: int = 5) -> str:
    """Prose: the theme pairs most often coded in the same passage."""
    from msmeetings.outputs import esc

    labels = _labels(codebook)
    pairs = (
        cooccurrence[cooccurrence["n_both"] > 0]
        .sort_values(["n_both", "jaccard", "theme_a", "theme_b"], ascending=[False, False, True, True])
        .head(top)
    )
    if pairs.empty:
        return "No two themes are coded in the same passage."
    listed = [
        f"{labels[r.theme_a]} with {labels[r.theme_b]} ({r.n_both} passages; Jaccard {r.jaccard:.2f})"
        for r in pairs.itertuples(index=False)
    ]
    n_pairs = int((cooccurrence["n_both"] > 0).sum())
    return (
        f"{n_pairs} of {len(cooccurrence)} theme pairs share at least one passage. The most frequent: "
        + esc("; ".join(listed))
        + ". Counts favour frequent themes; the Jaccard index (shared passages "
        "over passages with either theme) corrects for that."
    )


def distinctive_terms_table(distinctive: pd.DataFrame, meetings) -> pd.DataFrame:
    """Wide table: rank down the rows, one column per meeting, cells 'term (count; z)'."""
    order = [m for m in _ordered_meetings(meetings) if m in set(distinctive["meeting_id"])]
    cells = distinctive.assign(
        cell=[f"{r.term} ({r.count}; {r.z_score:.1f})" for r in distinctive.itertuples(index=False)]
    )
    wide = cells.pivot(index="rank", columns="meeting_id", values="cell").reindex(columns=order).fillna("")
    wide.columns.name = None
    return wide.reset_index()


def find_uncoded_terms(distinctive: pd.DataFrame, theme_codes: pd.DataFrame) -> pd.DataFrame:
    """Distinctive terms the codebook did not pick up: candidates for new patterns, or genre words.

    A term counts as covered when each of its words occurs in a term the coding matched somewhere
    ("money" is covered by "money transfers"; "focus group" by "focus group").
    """
    matched_words = set()
    for terms in theme_codes["matched_terms"]:
        for term in terms.split("; "):
            matched_words.update(tokenize(term))
    covered = [all(w in matched_words for w in term.split(" ")) for term in distinctive["term"]]
    return distinctive.loc[~np.array(covered, dtype=bool)].reset_index(drop=True)


def describe_validation(scores: pd.DataFrame, by: str = "sample") -> str:
    """Prose: overall precision and recall per validation sample, and the weakest themes."""
    overall = scores[scores["theme_id"] == "all themes"].set_index(by)
    parts = []
    for sample in overall.index:
        row = overall.loc[sample]
        name = "all judgements" if sample == "all" else f"the {sample} sample"
        parts.append(
            f"On {name} ({int(row['n_judged'])} judgements, {int(row['n_present'])} positive) the coding reaches "
            f"precision {row['precision']:.2f} and recall {row['recall']:.2f}."
        )
    per_theme = scores[(scores[by] == "all") & (scores["theme_id"] != "all themes")].dropna(subset=["f1"])
    weak = per_theme.sort_values(["f1", "theme_id"]).head(3)
    if len(weak):
        parts.append(
            "Weakest themes over all judgements (F1): "
            + "; ".join(f"{r.theme_id} {r.f1:.2f}" for r in weak.itertuples(index=False))
            + "."
        )
    return " ".join(parts)
