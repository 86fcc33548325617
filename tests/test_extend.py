"""Extending the corpus: a meeting added with one command reaches every chapter; removed, it leaves."""

import csv
import shutil

import pandas as pd
import pytest

from .conftest import ROOT
from .test_build import run_build, tiny_data  # noqa: F401  (session fixture)

# Each test here builds a report or drives a browser: minutes, not seconds (`make test-fast` skips them).
pytestmark = pytest.mark.slow

NEW_DOCUMENT = """Eurojust meeting on migrant smuggling in West Africa

Accra, 12 March 2025

1. Introduction

The meeting was attended by prosecutors from Ghana, Nigeria and Spain, as well as representatives from Europol. Participants discussed joint investigation teams and financial investigations into hawala networks.

In 2024, the authorities arrested 42 suspects and identified 17 victims of the smugglers.

2. Conclusions

The following actions were proposed:

1. set up a joint investigation team with Ghana;
2. appoint more contact points in West Africa.
"""


@pytest.fixture(scope="module")
def extended(tiny_data, tmp_path_factory):  # noqa: F811
    """The fixture corpus plus one meeting added through `build.py add-meeting`, built."""
    base = tmp_path_factory.mktemp("extend")
    data = base / "data"
    shutil.copytree(tiny_data, data)
    source = base / "accra.txt"
    source.write_text(NEW_DOCUMENT, encoding="utf-8")
    added = run_build(
        "--data",
        str(data),
        "add-meeting",
        str(source),
        "--id",
        "2025-accra",
        "--title",
        "Eurojust meeting on migrant smuggling in West Africa",
        "--start-date",
        "2025-03-12",
        "--city",
        "Accra",
        "--country",
        "Ghana",
        "--organiser",
        "Eurojust",
        "--type",
        "outcome report",
    )
    assert added.returncode == 0, added.stderr
    assert "make report" in added.stdout
    out = base / "out"
    built = run_build("--data", str(data), "--out", str(out), "--no-pdf")
    assert built.returncode == 0, built.stderr + built.stdout
    return data, out


def table(out, name):
    return pd.read_csv(out / "data" / "processed" / name, dtype=str, keep_default_na=False)


def test__add_meeting__copied_unchanged_and_listed(extended):
    data, _ = extended
    rows = list(csv.DictReader((data / "meetings.csv").open(encoding="utf-8")))
    row = next(r for r in rows if r["meeting_id"] == "2025-accra")
    assert (data / "raw" / row["source_file"]).read_text(encoding="utf-8") == NEW_DOCUMENT


def test__added_meeting__reaches_every_chapter(extended):
    _, out = extended
    assert table(out, "segments.csv")["meeting_id"].eq("2025-accra").sum() > 5
    themes = table(out, "theme_matrix.csv")
    coded = set(themes[(themes["meeting_id"] == "2025-accra") & (themes["n_segments"].astype(int) > 0)]["theme_id"])
    assert {"jits", "financial"} <= coded
    quantities = table(out, "quantities.csv")
    mine = quantities[quantities["meeting_id"] == "2025-accra"]
    assert {"42", "17"} <= set(mine["value_text"])
    actors = table(out, "actors.csv")
    assert {"GHA", "NGA", "ESP"} <= set(actors[actors["meeting_id"] == "2025-accra"]["iso3"])
    html = (out / "report" / "report.html").read_text(encoding="utf-8")
    assert 'id="source-2025-accra"' in html
    assert "All 3 documents in the corpus: 2016-tactical, 2024-brussels, 2025-accra." in html


def test__added_meeting__recommendations_extracted(extended):
    _, out = extended
    path = out / "data" / "processed" / "recommendations.csv"
    if not path.exists():
        pytest.skip("the recommendations chapter is not in the pipeline")
    recommendations = table(out, "recommendations.csv")
    texts = " ".join(recommendations[recommendations["meeting_id"] == "2025-accra"]["text"])
    assert "joint investigation team with Ghana" in texts


def test__removed_meeting__disappears_everywhere_on_the_next_build(extended, tmp_path):
    data, out = extended
    data2 = tmp_path / "data"
    shutil.copytree(data, data2)
    manifest = data2 / "meetings.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text("".join(line for line in lines if not line.startswith("2016-tactical,")), encoding="utf-8")
    out2 = tmp_path / "out"
    shutil.copytree(out, out2)
    built = run_build("--data", str(data2), "--out", str(out2), "--no-pdf")
    assert built.returncode == 0, built.stderr
    for path in (out2 / "data" / "processed").glob("*.csv"):
        assert "2016-tactical" not in path.read_text(encoding="utf-8"), f"{path.name} still mentions a removed meeting"
    assert "2016-tactical" not in (out2 / "report" / "report.html").read_text(encoding="utf-8")


ODD = ROOT / "tests" / "fixtures" / "odd"


def test__documents_unlike_the_seeds__build_without_breaking_any_chapter(tiny_data, tmp_path):  # noqa: F811
    data = tmp_path / "data"
    shutil.copytree(tiny_data, data)
    for number, (name, kind, language) in enumerate(
        [
            ("cut-off.txt", "workshop report", "en"),
            ("no-numbers.txt", "press release", "en"),
            ("other-headings.txt", "outcome report", "en"),
            ("french.txt", "workshop report", "fr"),
        ],
        start=1,
    ):
        added = run_build(
            "--data",
            str(data),
            "add-meeting",
            str(ODD / name),
            "--id",
            f"2019-odd-{number}",
            "--title",
            f"Odd document {number}",
            "--start-date",
            f"2019-0{number}",
            "--type",
            kind,
            "--language",
            language,
        )
        assert added.returncode == 0, added.stderr
    out = tmp_path / "out"
    built = run_build("--data", str(data), "--out", str(out), "--no-pdf")
    assert built.returncode == 0, built.stderr + built.stdout
    segments = table(out, "segments.csv")
    cut = segments[segments["meeting_id"] == "2019-odd-1"]
    assert cut["text"].str.endswith("the need to").any(), "a text cut off mid-sentence keeps its last words"
    assert set(table(out, "theme_matrix.csv")["meeting_id"]) >= {"2019-odd-1", "2019-odd-2", "2019-odd-3"}
    assert table(out, "quantities.csv")["meeting_id"].eq("2019-odd-2").sum() == 0
    html = (out / "report" / "report.html").read_text(encoding="utf-8")
    assert 'id="source-2019-odd-3"' in html
    # The French document is in the corpus and the appendix, and out of every English-only analysis.
    assert segments["meeting_id"].eq("2019-odd-4").any() and 'id="source-2019-odd-4"' in html
    for name in ("theme_matrix.csv", "quantities.csv", "actors.csv", "recommendations.csv"):
        assert not table(out, name)["meeting_id"].eq("2019-odd-4").any(), f"{name} analysed a French document"
    assert html.count("not in English (2019-odd-4 (fr))") == 4, "each text-analysis chapter says what it left out"
    assert "is not in English and is left out of the themes" in html
