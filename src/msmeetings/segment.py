"""Segment a raw meeting document into blocks and sentences, with offsets into the raw text.

A document is read line by line. Every non-blank line is a block candidate; a line is given a
kind (heading, paragraph, bullet, list_item, footnote, boilerplate, contents), then lines that a
page break split apart are joined, and every text block is split into sentences.

Offsets (``char_start``/``char_end``) always point into the decoded raw text. A block's span
covers its content without its structural marker (the ``- `` of a bullet, the ``1.`` of a
numbered list item, the superscript number of a footnote, the dot leaders and page number of a
contents line), so ``clean_text(raw[char_start:char_end]) == text``. A numbered heading keeps
its printed number in ``text``; ``section`` and ``section_title`` split it. A block joined
across a page break spans the whole raw range from its first to its last part, footnotes in
between included, while its ``text`` is only its own parts joined by a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from msmeetings.errors import InputError

SEGMENT_COLUMNS = [
    "segment_id",
    "meeting_id",
    "kind",
    "section",
    "section_title",
    "paragraph_number",
    "level",
    "list_number",
    "parent_id",
    "footnote_number",
    "footnote_refs",
    "text",
    "n_words",
    "char_start",
    "char_end",
]
TEXT_KINDS = frozenset({"paragraph", "bullet", "list_item", "footnote"})
BLOCK_KINDS = frozenset({"heading", "paragraph", "bullet", "list_item", "footnote", "boilerplate", "contents"})
INT_COLUMNS = ["paragraph_number", "level", "list_number", "footnote_number", "n_words", "char_start", "char_end"]

# Thresholds of the layout heuristics, named so the methods chapter can quote them.
HEADING_MAX_WORDS = 14
LIST_ITEM_MAX_WORDS = 30
TAIL_LINE_MAX_WORDS = 12

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
_SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPTS}]+")

# Markup residue of the HTML/Markdown conversion the seeds went through. The link target is
# dropped but its text kept; a slice can start inside a link, so a lone "](...)" is dropped too.
_MARKUP = re.compile(
    r"(?P<link>\[(?P<link_text>[^\[\]\n]*)\]\([^()\s]*\))"
    r"|(?P<link_tail>\]\([^()\s]*\))"
    r"|(?P<link_head>\[(?=[^\[\]\n]*$))"
    r"|(?P<tag></?u>)"
    r"|(?P<stars>\*+)"
    r"|(?P<page><<|>>)"
    rf"|(?P<sup>[{SUPERSCRIPTS}]+)"
)

_TRAILING_MARKS = re.compile(rf"(?:\*+|</u>|[{SUPERSCRIPTS}])*")
_TERMINAL_END = re.compile(r"[.?!:;…]['\"’”)\]»]*$")
_SENTENCE_END = re.compile(r"[.?!…]['\"’”)\]»]*$")
_PAGE_ARTEFACT = re.compile(r"^(?:<<|>>|\s)+$")
_FOOTNOTE_LINE = re.compile(rf"^(?P<mark>[{SUPERSCRIPTS}]+)\s*(?=\S)")
_BULLET_LINE = re.compile(r"^(?P<mark>[-•–*])\s+(?=\S)")
_NUMBERED_LINE = re.compile(r"^(?P<number>\d+(?:\.\d+)+\.?|\d+[.)])\s+(?=\S)")
_CONTENTS_ENTRY = re.compile(r"^(?P<title>.*?\S)(?:\s*\.{2,})?\s*(?:\t|\.{2,})\s*(?P<page>\d+)\s*$")
_CONTENTS_TITLE = re.compile(r"^(?:table\s+of\s+)?contents$", re.IGNORECASE)

# Publisher furniture: kept as boilerplate rows (the source appendix shows them) but never
# analysed. Patterns describe kinds of lines, not one publisher.
_FURNITURE = re.compile(
    r"https?://|\bwww\.[\w-]+\.\w+|[\w.+-]+@[\w-]+\.[\w.-]+|\+\d{1,3}(?:[ ]?\d){6,}"
    r"|\b(?:ISBN|ISSN|DOI)\b\s*:?|\bcatalogue\s+number\b|^follow\b.{0,60}\bon\b"
    r"|^(?:photo|image|picture|cover)s?\b.{0,20}(?:©|\(c\)|credit)|^©",
    re.IGNORECASE,
)
_PUBLISHED_LINE = re.compile(r"^(?:published|posted|updated|last\s+updated)\s*:", re.IGNORECASE)
_CALL_TO_ACTION = re.compile(r"^(?:read|download|watch|subscribe|find\s+out)\b", re.IGNORECASE)
_SEE_ALSO_LINE = re.compile(r"^(?:please\s+)?(?:also\s+)?see(?:\s+also)?\s*:$", re.IGNORECASE)
_CAPITALS_LINE = re.compile(r"^[A-Z][A-Z&.'’-]*(?:\s+[A-Z][A-Z&.'’-]*){0,2}$")
_KEYWORD_LINE = re.compile(r"^[a-z]+(?:\s+[a-z]+){0,9}$")

# Sentence splitting: tokens before a full stop that do not end a sentence.
_ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "etc",
        "cf",
        "viz",
        "vs",
        "no",
        "nos",
        "art",
        "arts",
        "para",
        "paras",
        "p",
        "pp",
        "vol",
        "fig",
        "sec",
        "ch",
        "approx",
        "ca",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "ibid",
        "op",
        "cit",
        "jr",
        "sr",
    }
)
# "EU." ends many sentences ("... within the EU. The ..."), so it only blocks a split when a
# lower-case word or a number follows (a citation such as "OJ EU. 2019").
_ABBREVIATIONS_BEFORE_NUMBER = frozenset({"eu"})
_SENTENCE_CANDIDATE = re.compile(r"[.?!…]+['\"’”)\]»]*(?=\s+\S)")
_OPENERS = "'\"‘“([«¿¡"
_ROMAN_ENUMERATOR = re.compile(r"^\((?:[ivx]+|[a-h])\)")


def clean_text(raw_span: str) -> str:
    """Return the clean text of a raw span: markup and footnote marks removed, spaces normalised.

    Args:
        raw_span: A slice of a raw document.

    Returns:
        The text without ``<u>``, ``*``/``**``, ``[text](url)`` (kept as ``text``), ``<<``/``>>``
        and superscript digits, every run of whitespace (NBSP and thin spaces included) as one
        space, stripped at both ends. "12 000" stays "12 000".
    """
    text, _ = clean_with_offsets(raw_span)
    return text


def clean_with_offsets(raw_span: str, base: int = 0) -> tuple[str, list[int]]:
    """Clean a raw span and return, for each clean character, its offset in the raw text."""
    chars: list[str] = []
    offsets: list[int] = []

    def keep(start: int, end: int) -> None:
        for pos in range(start, end):
            ch = raw_span[pos]
            if ch.isspace():
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    offsets.append(base + pos)
            else:
                chars.append(ch)
                offsets.append(base + pos)

    cursor = 0
    for match in _MARKUP.finditer(raw_span):
        keep(cursor, match.start())
        if match.group("link") is not None:
            keep(match.start("link_text"), match.end("link_text"))
        cursor = match.end()
    keep(cursor, len(raw_span))
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets


def count_words(text: str) -> int:
    """Return the number of whitespace-separated tokens that contain a letter or a digit."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the spans of the sentences of a clean text.

    A sentence ends after ".", "?", "!" or "…" (a closing quote or bracket that follows stays
    with it) when the next word starts with a capital, a digit or an opening quote or bracket.
    A full stop does not end a sentence after an abbreviation ("e.g.", "i.e.", "etc.", "No.",
    "Art."), an initial ("J. Smith"), dotted letters ("U.K."), a section number ("1.1.") or
    "EU." before a lower-case word or a number. Decimals ("80.6 %") never split: no space follows.

    Args:
        text: Clean text (single spaces).

    Returns:
        ``(start, end)`` offsets into ``text``, in order, without surrounding spaces.
    """
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for match in _SENTENCE_CANDIDATE.finditer(text):
        if match.end() <= start:
            continue
        next_start = match.end() + len(text[match.end() :]) - len(text[match.end() :].lstrip())
        if _is_sentence_boundary(text, match, next_start):
            spans.append((start, match.end()))
            start = next_start
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    return spans


def _is_sentence_boundary(text: str, match: re.Match, next_start: int) -> bool:
    """Decide whether a terminal mark followed by a space ends a sentence."""
    following = text[next_start:]
    first = following[0]
    if _ROMAN_ENUMERATOR.match(following):
        return False  # "(i) ..., (ii) ..." enumerations continue the sentence
    if not (first.isupper() or first.isdigit() or first in _OPENERS):
        return False
    marks = text[match.start() : match.end()]
    if marks != ".":
        return True
    token = text[: match.start()].rsplit(" ", 1)[-1].lstrip(_OPENERS)
    lowered = token.lower()
    if lowered in _ABBREVIATIONS:
        return False
    if lowered in _ABBREVIATIONS_BEFORE_NUMBER and not first.isupper():
        return False
    if re.fullmatch(r"[A-Z]", token):
        return False  # an initial
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        return False  # U.K., e.g, i.e
    if re.fullmatch(r"\d+(?:\.\d+)+", token):
        return False  # a section number "1.1."
    return True


@dataclass
class _Line:
    """One physical line of a raw document and what the layout rules made of it."""

    index: int
    start: int  # raw offset of the content (after indentation)
    end: int  # raw offset after the content (trailing spaces excluded)
    indent: bool
    content: str
    kind: str = ""  # blank, artefact, footnote, contents, bullet, numbered, plain, boilerplate
    body_start: int = 0  # raw offset where the text starts, after a structural marker
    body_end: int = 0
    number: str = ""  # printed number of a numbered line, without its final dot
    footnote_number: int | None = None
    clean: str = ""


@dataclass
class _Block:
    """A block of the output: one line, or several lines joined across a page break."""

    lines: list[_Line]
    kind: str
    level: int = 0
    list_number: int | None = None
    section_number: str = ""
    title: str = ""
    footnote_number: int | None = None
    refs: list[str] = field(default_factory=list)
    ref_positions: list[tuple[int, str]] = field(default_factory=list)
    text: str = ""
    offsets: list[int] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.lines[0].body_start

    @property
    def end(self) -> int:
        return self.lines[-1].body_end


def _read_lines(raw: str) -> list[_Line]:
    """Split a raw text into lines with offsets, marking blank lines and page artefacts."""
    lines = []
    offset = 0
    for index, physical in enumerate(raw.split("\n")):
        stripped_left = physical.lstrip()
        content = stripped_left.rstrip()
        start = offset + len(physical) - len(stripped_left)
        line = _Line(index, start, start + len(content), start > offset, content)
        line.body_start, line.body_end = line.start, line.end
        if not content:
            line.kind = "blank"
        elif _PAGE_ARTEFACT.match(content):
            line.kind = "artefact"
        lines.append(line)
        offset += len(physical) + 1
    return lines


def _mark_structure(lines: list[_Line]) -> None:
    """Give each non-blank line its structural kind and the span of its text."""
    for line in lines:
        if line.kind:
            continue
        content = line.content
        if match := _FOOTNOTE_LINE.match(content):
            line.kind = "footnote"
            line.footnote_number = int(match.group("mark").translate(_SUPERSCRIPT_DIGITS))
            line.body_start = line.start + match.end()
        elif _CONTENTS_TITLE.match(clean_text(content)):
            line.kind = "contents"
        elif match := _CONTENTS_ENTRY.match(content):
            line.kind = "contents"
            line.body_end = line.start + match.end("title")
        elif match := _BULLET_LINE.match(content):
            line.kind = "bullet"
            line.body_start = line.start + match.end()
        elif match := _NUMBERED_LINE.match(content):
            line.kind = "numbered"
            line.number = match.group("number").rstrip(".)")
        else:
            line.kind = "plain"
        line.clean = clean_text(content[line.body_start - line.start : line.body_end - line.start])
        if not line.clean:
            line.kind = "artefact"  # only markup: nothing to keep
    _confirm_contents(lines)


def _confirm_contents(lines: list[_Line]) -> None:
    """Keep contents entries only under a "Contents" title or in a run of three or more.

    A single line ending in a tab and a number may be a table row, not a table of contents.
    """
    runs: list[list[_Line]] = []
    for line in lines:
        if line.kind == "contents" and line.body_end < line.end and runs and runs[-1][-1].index == line.index - 1:
            runs[-1].append(line)
        elif line.kind == "contents" and line.body_end < line.end:
            runs.append([line])
    for run in runs:
        before = [line for line in lines[: run[0].index] if line.kind not in ("blank", "artefact")]
        titled = bool(before) and before[-1].kind == "contents" and before[-1].body_end == before[-1].end
        if len(run) < 3 and not titled:
            for line in run:
                line.kind, line.body_end = "plain", line.end
                line.clean = clean_text(line.content)


def _content_lines(lines: list[_Line]) -> list[_Line]:
    return [line for line in lines if line.kind not in ("blank", "artefact")]


def _is_unpunctuated(text: str) -> bool:
    return not _TERMINAL_END.search(text) and not text.endswith(",")


def _mark_boilerplate(lines: list[_Line]) -> None:
    """Mark publisher furniture, cover pages, web residue and repeated title lines."""
    content = _content_lines(lines)
    candidates = [line for line in content if line.kind != "contents"]

    # A cover page: the short lines before a table of contents.
    first_contents = next((line.index for line in content if line.kind == "contents"), None)
    if first_contents is not None:
        for line in candidates:
            if line.index < first_contents and _is_short_title(line.clean):
                line.kind = "boilerplate"

    for line in candidates:
        text = line.clean
        if (
            _is_furniture(text)
            or _PUBLISHED_LINE.match(text)
            or _SEE_ALSO_LINE.match(text)
            or (_CALL_TO_ACTION.match(text) and count_words(text) <= 6 and _is_unpunctuated(text))
            or (_CAPITALS_LINE.match(text) and line.kind == "plain")
        ):
            line.kind = "boilerplate"

    # Furniture comes in clusters of lines without blank lines between them (an address block).
    by_index = {line.index: line for line in lines}
    for line in candidates:
        if line.kind == "boilerplate" and _is_furniture(line.clean):
            for step in (-1, 1):
                neighbour = by_index.get(line.index + step)
                while neighbour is not None and (
                    neighbour.kind == "boilerplate"
                    or (neighbour.kind in ("plain", "numbered") and _is_short_title(neighbour.clean))
                ):
                    neighbour.kind = "boilerplate"
                    neighbour = by_index.get(neighbour.index + step)

    # A web teaser: the short title line before a "Published:" line.
    for previous, line in zip(candidates, candidates[1:]):
        if _PUBLISHED_LINE.match(line.clean) and previous.kind == "plain" and _is_short_title(previous.clean):
            previous.kind = "boilerplate"

    # After "See also:" or after the first furniture line near the end: links and taglines.
    for position, line in enumerate(candidates):
        if line.kind != "boilerplate":
            continue
        if not (_SEE_ALSO_LINE.match(line.clean) or _is_furniture(line.clean)):
            continue
        rest = candidates[position + 1 :]
        limit = LIST_ITEM_MAX_WORDS if _SEE_ALSO_LINE.match(line.clean) else TAIL_LINE_MAX_WORDS
        if all(count_words(r.clean) <= limit and not _SENTENCE_END.search(r.clean) for r in rest):
            for r in rest:
                r.kind = "boilerplate"

    # A line repeating an earlier title-like line (a running header, a funding line).
    seen: set[str] = set()
    for line in candidates:
        if line.kind in ("plain", "boilerplate") and _is_unpunctuated(line.clean):
            if line.clean in seen:
                line.kind = "boilerplate"
            seen.add(line.clean)

    # A trailing line of lower-case keywords (web tags).
    if candidates and candidates[-1].kind == "plain" and _KEYWORD_LINE.match(candidates[-1].clean):
        candidates[-1].kind = "boilerplate"


def _is_furniture(text: str) -> bool:
    """A short line with an address, a web link, an ISBN and the like (a long one is prose)."""
    return bool(_FURNITURE.search(text)) and count_words(text) <= LIST_ITEM_MAX_WORDS


def _is_short_title(text: str) -> bool:
    return count_words(text) <= TAIL_LINE_MAX_WORDS and _is_unpunctuated(text)


def _join_page_breaks(lines: list[_Line]) -> list[list[_Line]]:
    """Group lines into blocks, joining a text line cut by a page break with its continuation.

    A line that ends without terminal punctuation continues in the next plain line that starts
    in lower case; footnotes, boilerplate and page artefacts between them are skipped.
    """
    content = [line for line in lines if line.kind not in ("blank", "artefact")]
    groups: list[list[_Line]] = []
    used: set[int] = set()
    for position, line in enumerate(content):
        if line.index in used:
            continue
        group = [line]
        used.add(line.index)
        current = line
        while current.kind in ("plain", "bullet", "numbered") and not _TERMINAL_END.search(current.clean):
            following = next(
                (
                    c
                    for c in content[position + 1 :]
                    if c.index not in used and c.kind not in ("footnote", "boilerplate")
                ),
                None,
            )
            if following is None or following.kind != "plain" or not following.clean[:1].islower():
                break
            group.append(following)
            used.add(following.index)
            current = following
        groups.append(group)
    return groups


def _next_is_blank(lines: list[_Line], line: _Line) -> bool:
    following = lines[line.index + 1] if line.index + 1 < len(lines) else None
    return following is None or following.kind in ("blank", "artefact")


def _classify_blocks(groups: list[list[_Line]], lines: list[_Line]) -> list[_Block]:
    """Turn line groups into blocks with their final kind (heading, list item, paragraph...)."""
    contents = [line for group in groups for line in group if line.kind == "contents"]
    contents_numbers = {m.group("number").rstrip(".)") for c in contents if (m := _NUMBERED_LINE.match(c.clean))}
    contents_titles = {_normalise_title(_NUMBERED_LINE.sub("", c.clean)) for c in contents}
    blocks: list[_Block] = []
    list_run: int | None = None  # items so far in an unnumbered list, None outside one
    for position, group in enumerate(groups):
        first = group[0]
        block = _Block(lines=group, kind="paragraph")
        if first.kind in ("footnote", "contents", "boilerplate", "bullet"):
            block.kind = first.kind
            block.footnote_number = first.footnote_number
            block.level = 1 if (first.kind == "bullet" and first.indent) else 0
        elif first.kind == "numbered":
            _classify_numbered(block, blocks, contents_numbers)
        else:
            _classify_plain(block, blocks, groups[position + 1 :], lines, contents_titles)
        # An unnumbered list: a run of short unpunctuated lines after a line ending in ":".
        if block.kind in ("paragraph", "heading") and len(group) == 1:
            previous = _previous_text_block(blocks)
            if list_run is None and previous is not None and previous.lines[-1].clean.endswith(":"):
                following = [g for g in groups[position:] if g[0].kind not in ("footnote",)]
                run = 0
                for g in following:
                    if len(g) == 1 and g[0].kind == "plain" and _is_list_line(g[0].clean):
                        run += 1
                    else:
                        break
                if run >= 2:
                    list_run = 0
            if list_run is not None:
                if _is_list_line(first.clean) and first.kind == "plain":
                    list_run += 1
                    block.kind = "list_item"
                    block.list_number = list_run
                else:
                    list_run = None
        elif block.kind not in ("footnote",):
            list_run = None
        blocks.append(block)
    return blocks


def _is_list_line(text: str) -> bool:
    return count_words(text) <= LIST_ITEM_MAX_WORDS and not _SENTENCE_END.search(text) and not text.endswith(":")


def _previous_text_block(blocks: list[_Block]) -> _Block | None:
    for block in reversed(blocks):
        if block.kind not in ("footnote", "boilerplate"):
            return block
    return None


def _normalise_title(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _classify_numbered(block: _Block, blocks: list[_Block], contents_numbers: set[str]) -> None:
    """A numbered line is a heading, or an item of a numbered list."""
    line = block.lines[0]
    match = _NUMBERED_LINE.match(line.clean)
    rest = line.clean[match.end() :] if match else line.clean
    previous = _previous_text_block(blocks)
    in_list = previous is not None and (previous.kind == "list_item" or previous.lines[-1].clean.endswith(":"))
    looks_like_heading = (
        rest[:1].isupper()
        and _is_unpunctuated(rest)
        and count_words(rest) <= HEADING_MAX_WORDS
        and len(block.lines) == 1
    )
    if line.number in contents_numbers and rest[:1].isupper() and len(block.lines) == 1:
        looks_like_heading, in_list = True, False
    if looks_like_heading and not in_list:
        block.kind = "heading"
        block.section_number = line.number
        block.title = rest
    elif line.number.isdigit():
        block.kind = "list_item"
        block.list_number = int(line.number)
        line.body_start = line.start + _NUMBERED_LINE.match(line.content).end()
    else:
        block.kind = "paragraph"


def _classify_plain(
    block: _Block,
    blocks: list[_Block],
    following: list[list[_Line]],
    lines: list[_Line],
    contents_titles: set[str],
) -> None:
    """A plain line is an unnumbered heading when short, bare and followed by a longer paragraph."""
    line = block.lines[0]
    text = line.clean
    if len(block.lines) > 1:
        return
    if contents_titles and _normalise_title(text) in contents_titles and text[:1].isupper():
        block.kind, block.title = "heading", text
        return
    previous = _previous_text_block(blocks)
    if previous is not None and previous.lines[-1].clean.endswith(":"):
        return
    if not (
        text[:1].isupper()
        and _is_unpunctuated(text)
        and "," not in text  # datelines and attributions ("Name, role") are not headings
        and count_words(text) <= HEADING_MAX_WORDS
        and _next_is_blank(lines, line)
    ):
        return
    nxt = next((g for g in following if g[0].kind not in ("footnote", "boilerplate")), None)
    if nxt is None:
        return
    nxt_text = " ".join(n.clean for n in nxt)
    # Not before bullets: a short lead-in ("The group will regularly") introduces them too.
    if nxt[0].kind == "plain" and count_words(nxt_text) > count_words(text) and _SENTENCE_END.search(nxt_text):
        block.kind, block.title = "heading", text


def _fill_text(block: _Block, raw: str) -> None:
    """Clean each part of a block, join the parts with a space, keep raw offsets and footnote refs."""
    chars: list[str] = []
    offsets: list[int] = []
    refs: list[str] = []
    positions_of_refs: list[tuple[int, str]] = []
    for line in block.lines:
        span = raw[line.body_start : line.body_end]
        text, positions = clean_with_offsets(span, line.body_start)
        if chars and text:
            chars.append(" ")
            offsets.append(offsets[-1] + 1)
        chars.extend(text)
        offsets.extend(positions)
        for match in _SUPERSCRIPT_RUN.finditer(span):
            number = str(int(match.group().translate(_SUPERSCRIPT_DIGITS)))
            positions_of_refs.append((line.body_start + match.start(), number))
            if number not in refs:
                refs.append(number)
    block.text = "".join(chars)
    block.offsets = offsets
    block.refs = refs
    block.ref_positions = positions_of_refs


def segment_document(raw: str, meeting_id: str) -> pd.DataFrame:
    """Segment one raw document into blocks and the sentences of its text blocks.

    Args:
        raw: The decoded raw text (``path.read_bytes().decode("utf-8")``).
        meeting_id: The manifest id of the meeting the document reports.

    Returns:
        One row per block, each followed by its sentences, in document order, columns
        ``SEGMENT_COLUMNS``.

    Raises:
        InputError: If the text is empty or the meeting id is missing.
    """
    if not meeting_id:
        raise InputError("segment_document: meeting_id is empty. Pass the meeting's id from data/meetings.csv.")
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(
            f"segment_document: the raw text of meeting '{meeting_id}' is empty. "
            "Check its source_file in data/meetings.csv and the file in data/raw/."
        )
    lines = _read_lines(raw)
    _mark_structure(lines)
    _mark_boilerplate(lines)
    blocks = _classify_blocks(_join_page_breaks(lines), lines)
    for block in blocks:
        _fill_text(block, raw)
    blocks = [block for block in blocks if block.text]
    if not blocks:
        raise InputError(
            f"segment_document: the raw text of meeting '{meeting_id}' is empty once markup and page "
            "artefacts are removed. Check its source_file in data/meetings.csv and the file in data/raw/."
        )
    blocks.sort(key=lambda b: b.start)

    ids = {id(block): f"{meeting_id}:{number:03d}" for number, block in enumerate(blocks, start=1)}
    parents = _footnote_parents(blocks, ids)
    rows = []
    section, section_title = "", ""
    for number, block in enumerate(blocks, start=1):
        if block.kind == "heading":
            section, section_title = block.section_number, block.title
        block_id = ids[id(block)]
        rows.append(
            {
                "segment_id": block_id,
                "meeting_id": meeting_id,
                "kind": block.kind,
                "section": section,
                "section_title": section_title,
                "paragraph_number": number,
                "level": block.level,
                "list_number": block.list_number,
                "parent_id": parents.get(id(block), ""),
                "footnote_number": block.footnote_number,
                "footnote_refs": "" if block.kind == "footnote" else ";".join(block.refs),
                "text": block.text,
                "n_words": count_words(block.text),
                "char_start": block.start,
                "char_end": block.end,
            }
        )
        if block.kind not in TEXT_KINDS:
            continue
        for k, (start, end) in enumerate(split_sentences(block.text), start=1):
            raw_start, raw_end = block.offsets[start], block.offsets[end - 1] + 1
            # A mark right after the final stop ("... report.³") still belongs to the sentence.
            limit = raw_end + _trailing_marks(raw, raw_end)
            refs = (
                []
                if block.kind == "footnote"
                else list(dict.fromkeys(number for pos, number in block.ref_positions if raw_start <= pos < limit))
            )
            sentence = block.text[start:end]
            rows.append(
                {
                    "segment_id": f"{block_id}.{k:02d}",
                    "meeting_id": meeting_id,
                    "kind": "sentence",
                    "section": section,
                    "section_title": section_title,
                    "paragraph_number": number,
                    "level": block.level,
                    "list_number": None,
                    "parent_id": block_id,
                    "footnote_number": None,
                    "footnote_refs": ";".join(refs),
                    "text": sentence,
                    "n_words": count_words(sentence),
                    "char_start": raw_start,
                    "char_end": raw_end,
                }
            )
    return _to_frame(rows)


def _trailing_marks(raw: str, end: int) -> int:
    """Length of the footnote marks and closing markup right after a raw offset."""
    match = _TRAILING_MARKS.match(raw, end)
    return match.end() - end


def _footnote_parents(blocks: list[_Block], ids: dict[int, str]) -> dict[int, str]:
    """Link each footnote to the block citing its number: the nearest before it, else after it."""
    parents = {}
    for position, block in enumerate(blocks):
        if block.kind != "footnote":
            continue
        number = str(block.footnote_number)
        citing = [b for b in reversed(blocks[:position]) if b.kind != "footnote" and number in b.refs]
        citing = citing or [b for b in blocks[position + 1 :] if b.kind != "footnote" and number in b.refs]
        if citing:
            parents[id(block)] = ids[id(citing[0])]
    return parents


def _to_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    for column in INT_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    for column in SEGMENT_COLUMNS:
        if column not in INT_COLUMNS:
            frame[column] = frame[column].fillna("").astype(str)
    return frame


def check_segments(df: pd.DataFrame, raw_by_meeting: dict[str, str]) -> None:
    """Check a segments table: columns, unique ids, non-empty text, offsets, parents.

    Args:
        df: A segments table.
        raw_by_meeting: Raw text of each meeting's document, by meeting id.

    Raises:
        InputError: Naming the first problem found, the rows concerned and the fix.
    """
    where = "segments table (msmeetings.segment)"
    if list(df.columns) != SEGMENT_COLUMNS:
        raise InputError(
            f"{where}: columns are {list(df.columns)}, expected {SEGMENT_COLUMNS}. "
            "Rebuild the table with segment_document."
        )
    duplicated = df.loc[df["segment_id"].duplicated(), "segment_id"].tolist()
    if duplicated:
        raise InputError(f"{where}: duplicate segment_id {duplicated[:5]}. Ids must be unique; rebuild the table.")
    empty = df.loc[df["text"].fillna("").astype(str).str.strip() == "", "segment_id"].tolist()
    if empty:
        raise InputError(f"{where}: empty text in {empty[:5]}. Every segment needs text; check the layout rules.")
    all_kinds = BLOCK_KINDS | {"sentence"}
    unknown_kinds = sorted(set(df["kind"]) - all_kinds)
    if unknown_kinds:
        raise InputError(f"{where}: unknown kind {unknown_kinds}. Use one of {sorted(all_kinds)}.")
    unknown = sorted(set(df["meeting_id"]) - set(raw_by_meeting))
    if unknown:
        raise InputError(f"{where}: meeting_id {unknown} has no raw text. Pass every meeting's raw document.")
    lengths = df["meeting_id"].map({m: len(t) for m, t in raw_by_meeting.items()})
    start, end = df["char_start"], df["char_end"]
    out_of_range = (start.isna() | end.isna() | (start < 0) | (start >= end) | (end > lengths)).fillna(True)
    if out_of_range.any():
        raise InputError(
            f"{where}: offsets out of range or start >= end in {df.loc[out_of_range, 'segment_id'].tolist()[:5]}. "
            "char_start and char_end must lie within the raw document, start before end."
        )
    blocks = set(df.loc[df["kind"] != "sentence", "segment_id"])
    is_sentence = df["kind"] == "sentence"
    parent = df["parent_id"].fillna("").astype(str)
    orphans = df.loc[(is_sentence | (parent != "")) & ~parent.isin(blocks), "segment_id"].tolist()
    if orphans:
        raise InputError(
            f"{where}: segments {orphans[:5]} have no parent block (parent_id missing or unknown). "
            "Keep each sentence and footnote with the block it belongs to."
        )
