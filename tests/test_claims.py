"""The claims ledger holds every sentence of the summary and synthesis that states a number or comparison.

Each such sentence must be in `data/validation/claims.csv`, as read against the sources and marked checked.

Sentences are matched by their words (citations, markup and spacing removed), so a rerun that
renders the same claim passes and a changed claim (a new count, a new theme) fails until a reader
checks it and records it. Run `python tests/test_claims.py` to print the unrecorded sentences as
ledger rows to fill in.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LEDGER = REPO / "data" / "validation" / "claims.csv"
REPORT = REPO / "report" / "report.html"
CHAPTERS = ("Executive summary", "Synthesis")
# A comparison is a claim even without a digit.
COMPARISON = re.compile(
    r"\b(?:rose|rise|fell|fall|few|receded|faded|more|most|fewer|less|least|higher|lower|than|increase\w*|decrease\w*|"
    r"revers\w*|again|same|stayed|never|no later|first|only|every|all|earlier|later|new|recur\w*|grew|grown)\b",
    re.I,
)
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘'(*])")


def normalise(sentence: str) -> str:
    """The words of a sentence: citations, emphasis and spacing removed, quotes unified."""
    text = re.sub(r"\s*\(\s*(?:[\w-]+ ¶\d+\s*,?\s*)+\)", "", sentence)
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return " ".join(text.split()).strip()


def chapter_texts(html_text: str) -> dict[str, list[str]]:
    """Chapter title -> the text of its paragraphs and list items (tables and their captions excluded)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_text, "html.parser")
    out: dict[str, list[str]] = {}
    for heading in soup.find_all("h1"):
        title = re.sub(r"^\d+\.\s*", "", heading.get_text(" ", strip=True))
        match = next((c for c in CHAPTERS if title.startswith(c)), None)
        if match is None:
            continue
        blocks = []
        for element in heading.find_all_next(["h1", "p", "li"]):
            if element.name == "h1":
                break
            if element.find_parent("table") or element.find_parent(class_="build-record") or element.find_parent("nav"):
                continue
            if element.name == "p" and element.find_parent("li"):
                continue  # the list item's own text already holds it
            blocks.append(element.get_text(" ", strip=True))
        out[match] = blocks
    return out


def claim_sentences(html_text: str) -> list[tuple[str, str]]:
    """(chapter, sentence) for every sentence that states a number or a comparison."""
    found = []
    for chapter, blocks in chapter_texts(html_text).items():
        for block in blocks:
            for sentence in _SPLIT.split(normalise(block)):
                if re.search(r"\d", sentence) or COMPARISON.search(sentence):
                    found.append((chapter, sentence))
    return found


def read_ledger(path: Path = LEDGER) -> dict[str, dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {normalise(row["sentence"]): row for row in csv.DictReader(handle)}


def unrecorded(html_text: str, ledger: dict[str, dict]) -> list[tuple[str, str]]:
    return [
        (chapter, sentence)
        for chapter, sentence in claim_sentences(html_text)
        if ledger.get(sentence, {}).get("status") != "checked"
    ]


def test__claim_sentences__finds_numbers_and_comparisons_but_not_plain_prose():
    html_text = (
        "<h1>1. Executive summary</h1><p>Libya is present from first to last (2009-cairo ¶9). The corpus is a"
        " record.</p><ul><li>Too few cases reach Eurojust.</li></ul><table><tr><td>12 rows</td></tr></table>"
        "<h1>2. Themes</h1><p>5 themes rose.</p>"
    )
    assert claim_sentences(html_text) == [
        ("Executive summary", "Libya is present from first to last."),
        ("Executive summary", "Too few cases reach Eurojust."),
    ]


def test__unrecorded__a_sentence_missing_or_unchecked_in_the_ledger_fails():
    html_text = "<h1>1. Synthesis</h1><p>Of 19 themes, 8 rose. Nothing else.</p>"
    assert unrecorded(html_text, {}) == [("Synthesis", "Of 19 themes, 8 rose.")]
    ledger = {"Of 19 themes, 8 rose.": {"status": "wrong"}}
    assert unrecorded(html_text, ledger) == [("Synthesis", "Of 19 themes, 8 rose.")]
    assert unrecorded(html_text, {"Of 19 themes, 8 rose.": {"status": "checked"}}) == []


def test__rendered_summary_and_synthesis__hold_only_checked_claims():
    missing = unrecorded(REPORT.read_text(encoding="utf-8"), read_ledger())
    assert not missing, "claims not in data/validation/claims.csv as checked:\n" + "\n".join(
        f"{c}: {s}" for c, s in missing
    )


def test__rendered_summary__is_at_most_1000_words():
    blocks = chapter_texts(REPORT.read_text(encoding="utf-8"))["Executive summary"]
    words = sum(len(normalise(b).split()) for b in blocks)
    assert words <= 1000, f"the executive summary has {words} words"


if __name__ == "__main__":
    writer = csv.writer(sys.stdout)
    for chapter, sentence in unrecorded(REPORT.read_text(encoding="utf-8"), read_ledger() if LEDGER.exists() else {}):
        writer.writerow(["", chapter, sentence, "", ""])
