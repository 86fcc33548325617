"""The committed report reads as prose: no raw column names in table headers, no leftover notebook lines."""

import re

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOT

REPORT = ROOT / "report" / "report.html"


@pytest.fixture(scope="module")
def soup():
    return BeautifulSoup(REPORT.read_text(encoding="utf-8"), "html.parser")


def test__report__table_headers_are_words_not_column_names(soup):
    raw = sorted({th.get_text(strip=True) for th in soup.select("table.data th") if "_" in th.get_text()})
    assert not raw, f"raw column names in table headers: {raw}"


def test__report__no_count_of_one_with_a_plural_noun(soup):
    text = soup.get_text(" ")
    wrong = re.findall(r"(?<![\d.,])\b1 (themes|meetings|documents|figures|items|segments|passages|countries)\b", text)
    assert not wrong, f"singular count with a plural noun: {wrong}"


def test__report__every_chapter_reference_points_at_the_chapter_of_that_number(soup):
    numbers = {h["id"]: h.get_text(" ", strip=True).partition(". ")[0] for h in soup.find_all("h1") if h.get("id")}
    references = [a for a in soup.find_all("a", href=True) if re.fullmatch(r"chapter \d+", a.get_text(strip=True))]
    assert references, "the chapters refer to one another"
    for link in references:
        assert link.get_text(strip=True) == f"chapter {numbers[link['href'][1:]]}", link


def test__report__no_chapter_number_is_typed_by_hand(soup):
    # A typed number goes stale when chapters move; [chapter](#chapter:NAME) is numbered at assembly.
    typed = [
        text.strip()[:100]
        for text in soup.find_all(string=re.compile(r"\b[Cc]hapters? \d"))
        if text.parent.name != "a" and not text.parent.find_parent(["nav", "h1", "h2"])
    ]
    assert not typed, typed
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert not re.search(r"\b[Cc]hapters? \d", path.read_text(encoding="utf-8")), path.name


def test__resolve_chapter_references__numbers_from_the_headings_and_refuses_an_unknown_notebook():
    from msmeetings import report
    from msmeetings.errors import StepError

    soup = BeautifulSoup(
        '<h1 id="summary">1. Summary</h1><h1 id="actors-and-places">2. Actors and places</h1>'
        '<p>See <a href="#chapter:04_actors">chapter</a>.</p>',
        "html.parser",
    )
    report.resolve_chapter_references(soup, {"06_summary": "Summary", "04_actors": "Actors and places"})
    assert str(soup.p) == '<p>See <a href="#actors-and-places">chapter 2</a>.</p>'
    soup = BeautifulSoup('<h1 id="summary">1. Summary</h1><a href="#chapter:09_missing">chapter</a>', "html.parser")
    with pytest.raises(StepError, match="09_missing"):
        report.resolve_chapter_references(soup, {"06_summary": "Summary"})


def test__report__the_executive_summary_is_at_most_1000_words_besides_its_citations(soup):
    heading = soup.find("h1", id="executive-summary")
    words = []
    for element in heading.find_all_next(string=True):
        if element.find_parent("nav") is not None:
            break  # the contents follow the summary
        if element.find_parent("a", href=re.compile(r"^#seg-")) is None:
            words += element.split()
    prose = [w for w in words if w not in {"(", ")", ","}]
    assert len(prose) <= 1000, len(prose)
