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
