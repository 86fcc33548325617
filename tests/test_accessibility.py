"""Accessibility of the report: axe-core in headless Chromium, and the structure a reader relies on.

The axe check needs Node and the npm packages of package.json (`npm ci`) plus Debian's Chromium;
without them the axe tests are skipped on a workstation and fail under CI (env var CI set), which
installs them.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from msmeetings import pipeline
from msmeetings.report import make_tables_accessible

from .conftest import ROOT
from .test_build import chapter_titles, shipped_build  # noqa: F401

# Each test here builds a report or drives a browser: minutes, not seconds (`make test-fast` skips them).
pytestmark = pytest.mark.slow

RUN_AXE = ROOT / "tests" / "a11y" / "run_axe.mjs"
NODE = shutil.which("node")
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
NODE_PACKAGES = ("axe-core", "playwright-core")
BLOCKING_IMPACTS = ("serious", "critical")


def missing_axe_tools() -> list[str]:
    """What the axe check lacks on this machine, in words."""
    missing = []
    if NODE is None:
        missing.append("node")
    missing += [f"node_modules/{p} (run `npm ci`)" for p in NODE_PACKAGES if not (ROOT / "node_modules" / p).is_dir()]
    if CHROMIUM is None:
        missing.append("chromium")
    return missing


def require_axe_tools() -> None:
    """Skip on a workstation without the tools; under CI their absence is a failure."""
    missing = missing_axe_tools()
    if not missing:
        return
    message = "accessibility check needs " + ", ".join(missing)
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must install them)")
    pytest.skip(message)


def run_axe(html: Path) -> dict:
    """Run axe-core on a local HTML file; return the runner's JSON."""
    env = dict(os.environ)
    if CHROMIUM:
        env["CHROMIUM"] = CHROMIUM
    result = subprocess.run(
        [NODE, str(RUN_AXE), str(html)], capture_output=True, text=True, timeout=180, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def describe(violations: list[dict]) -> str:
    """One line per violation, enough to find it in the HTML."""
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}), {v['nodes']} element(s), e.g. {v['target']}" for v in violations
    )


def report_soup(build: Path) -> BeautifulSoup:
    """The built report, parsed."""
    return BeautifulSoup((build / "report" / "report.html").read_text(encoding="utf-8"), "html.parser")


def test__run_axe__reports_an_image_without_alt_text(tmp_path):
    require_axe_tools()
    page = tmp_path / "bad.html"
    pixel = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    page.write_text(
        f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
        f'<img src="{pixel}"></main></body></html>',
        encoding="utf-8",
    )
    found = {v["id"]: v for v in run_axe(page)["violations"]}
    assert "image-alt" in found, "the checker did not catch a missing alt text, so a clean result would mean nothing"
    assert found["image-alt"]["impact"] in BLOCKING_IMPACTS


def test__report__has_no_serious_or_critical_accessibility_violations(shipped_build):  # noqa: F811
    require_axe_tools()
    result = run_axe(shipped_build / "report" / "report.html")
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], f"axe-core {result['axe']} found:\n{describe(blocking)}"
    phone = result["layout"]["phone"]
    # On a 390 px phone: nothing scrolls sideways but the table boxes, no caption is cut, each chart
    # fills the column the chart tests measure its text against, and the summary starts near the top.
    assert phone["scrollWidth"] <= phone["clientWidth"], phone["scrollWidth"]
    assert phone["clippedCaptions"] == []
    from msmeetings.chartkit import PHONE_COLUMN_PX

    narrow = [c for c in phone["charts"] if c["width"] < min(c["natural"], PHONE_COLUMN_PX) - 2]
    assert phone["charts"] and narrow == [], narrow
    summary = next(h for h in phone["headings"] if h["text"].endswith("Executive summary"))
    assert summary["top"] < 1000, "the summary starts within the first screen or so"


def test__report__declares_english_and_a_title(shipped_build):  # noqa: F811
    soup = report_soup(shipped_build)
    assert soup.html.get("lang") == "en"
    assert soup.title and soup.title.get_text(strip=True)


def test__report__has_one_h1_for_the_title_each_chapter_and_the_appendix(shipped_build):  # noqa: F811
    soup = report_soup(shipped_build)
    h1s = [h.get_text(" ", strip=True) for h in soup.find_all("h1")]
    # Title, one per chapter, the validation details and the full tables (when a chapter moved a section
    # or a table there), the sources.
    appendices = 1 + any(h.endswith("Full tables") for h in h1s) + any(h.endswith("Validation details") for h in h1s)
    expected = len(pipeline.STEPS) + 1 + appendices
    assert len(h1s) == expected, (
        f"expected {expected} top-level headings (title, one per chapter, appendices), got {h1s}"
    )
    assert h1s[0].startswith("Meetings on criminal-justice cooperation")
    assert h1s[-1].endswith("Source documents")
    for title in chapter_titles():
        assert sum(re.fullmatch(r"\d+\. " + re.escape(title), h) is not None for h in h1s) == 1, f"chapter '{title}'"


def test__report__never_skips_a_heading_level(shipped_build):  # noqa: F811
    headings = report_soup(shipped_build).find_all(re.compile(r"^h[1-6]$"))
    previous = 0
    skips = []
    for h in headings:
        level = int(h.name[1])
        if level > previous + 1:
            skips.append(f"h{previous} -> h{level} '{h.get_text(' ', strip=True)[:60]}'")
        previous = level
    assert skips == [], "heading levels skipped:\n" + "\n".join(skips)


def test__report__every_image_has_alt_text(shipped_build):  # noqa: F811
    images = report_soup(shipped_build).find_all("img")
    assert images, "the report shows no chart"
    bare = [str(img)[:120] for img in images if not (img.get("alt") or "").strip()]
    assert bare == [], "images without alt text:\n" + "\n".join(bare)


def test__report__every_table_has_a_caption_and_scoped_headers(shipped_build):  # noqa: F811
    tables = report_soup(shipped_build).find_all("table")
    assert tables
    uncaptioned = [str(t)[:160] for t in tables if not (t.caption and t.caption.get_text(strip=True))]
    assert uncaptioned == [], "tables without a caption:\n" + "\n".join(uncaptioned)
    assert all(th.get("scope") in ("col", "row") for t in tables for th in t.find_all("th"))


def test__make_tables_accessible__wraps_a_table_in_a_focusable_box_named_by_its_caption():
    soup = BeautifulSoup(
        "<div><table><caption>Table 1. Words</caption><thead><tr><th>meeting</th></tr></thead>"
        "<tbody><tr><th>2009-cairo</th><td>800</td></tr></tbody></table></div>",
        "html.parser",
    )
    make_tables_accessible(soup, prefix="table")
    make_tables_accessible(soup, prefix="table")  # a second pass must not nest boxes
    box = soup.find("div", class_="table-scroll")
    assert box["tabindex"] == "0"
    assert soup.find(id=box["aria-labelledby"]).get_text() == "Table 1. Words"
    assert len(soup.find_all("div", class_="table-scroll")) == 1
    assert [th["scope"] for th in soup.find_all("th")] == ["col", "row"]
