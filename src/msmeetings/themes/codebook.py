"""The codebook: reading, validating and compiling `data/codebook.yml`, with its examples checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from msmeetings.errors import InputError
from msmeetings.regex_budget import find_slow_pattern
from msmeetings.themes.anchors import _lowercase_pattern, _theme_anchors
from msmeetings.themes.context import blocked_spans, inside_any

THEME_FIELDS = ("id", "label", "definition", "include", "exclude", "examples", "non_examples")
REQUIRED_THEME_FIELDS = ("id", "label", "definition", "include", "examples", "non_examples")
CODEBOOK_KEYS = ("version", "themes")
THEME_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


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
        # Names are found on the cased text; where lowercasing changes the length, offsets would not agree.
        blocked = blocked_spans(text) if len(lowered) == len(text) else []
        return sorted(_terms_in(self, lowered, 0, len(lowered), blocked))


def _bounded(patterns: tuple[str, ...]) -> str:
    # Lookarounds rather than \b so that a pattern may start or end with a non-word character.
    return r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w)"


def _normalise_term(term: str) -> str:
    return " ".join(term.split()).replace("’", "'")


def _terms_in(
    theme: Theme, lowered: str, start: int, end: int, blocked: list[tuple[int, int]] | None = None
) -> set[str]:
    """Terms of a theme in lowered[start:end], without excluded phrases and blocked spans.

    A match overlapping an excluded phrase, or wholly inside a blocked span (a name's complement,
    an attendance sentence, a dateline), is ignored.
    """
    matches = list(theme.regex.finditer(lowered, start, end))
    if matches and blocked:
        inside = inside_any(
            np.array([m.start() for m in matches], dtype=np.int64),
            np.array([m.end() for m in matches], dtype=np.int64),
            blocked,
        )
        matches = [m for m, is_inside in zip(matches, inside.tolist()) if not is_inside]
    if not matches:
        return set()
    if theme.exclude_regex is not None:
        spans = [m.span() for m in theme.exclude_regex.finditer(lowered, start, end)]
        if spans:
            matches = [m for m in matches if not any(m.start() < y and x < m.end() for x, y in spans)]
    return {_normalise_term(m.group(0)) for m in matches}


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
