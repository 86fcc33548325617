"""Literal anchors of codebook patterns: the prefilter that keeps coding linear in corpus size."""

from __future__ import annotations

import functools
import re

# The regular-expression parser of the standard library (Python >= 3.11), used only to derive the
# literal anchors of a pattern; if it changes, pattern_anchors returns None and coding scans everything.
from re import _constants as _sre_constants
from re import _parser as _sre_parser


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


# Parsed items through which a match may not reach a line break; anything else (a negated class,
# \s, ., ^, $, a back reference, an unknown construct) counts as reaching one.
_LOCAL_CATEGORIES = {"CATEGORY_DIGIT", "CATEGORY_WORD", "CATEGORY_NOT_SPACE"}
_LOCAL_AT = {"AT_BOUNDARY", "AT_NON_BOUNDARY"}


def _touches_newline(items) -> bool:
    c = _sre_constants
    for op, av in items:
        if op is c.LITERAL:
            if av == 10:
                return True
        elif op is c.IN:
            for item_op, item_av in av:
                if item_op is c.LITERAL:
                    if item_av == 10:
                        return True
                elif item_op is c.RANGE:
                    if item_av[0] <= 10 <= item_av[1]:
                        return True
                elif not (item_op is c.CATEGORY and str(item_av) in _LOCAL_CATEGORIES):
                    return True
        elif op is c.AT:
            if str(av) not in _LOCAL_AT:
                return True
        elif op is c.SUBPATTERN:
            if _touches_newline(av[-1]):
                return True
        elif op is c.BRANCH:
            if any(_touches_newline(alternative) for alternative in av[1]):
                return True
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            if _touches_newline(av[2]):
                return True
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if _touches_newline(av[1]):
                return True
        else:
            return True
    return False


@functools.lru_cache(maxsize=None)
def stays_in_line(pattern: str) -> bool:
    r"""Whether no match of a pattern, nor any test it makes, can reach across a line break ("\n").

    Conservative: True only for patterns built of literals other than a newline, classes that cannot
    hold one (no negated class, no \s), word boundaries, groups, alternations, repeats and lookarounds.
    Such a pattern finds the same matches in a line whatever lines are joined before and after it,
    so the excluded phrases of a passage can be searched in that passage alone.
    """
    try:
        return not _touches_newline(list(_sre_parser.parse(pattern)))
    except Exception:  # an unusual construct: assume the worst
        return False
