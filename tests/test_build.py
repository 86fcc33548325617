"""End to end: build.py on the shipped corpus and on a tiny fixture corpus, good and bad input."""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from msmeetings import cli, pipeline

from .conftest import DATA, ROOT

# Each test here builds a report or drives a browser: minutes, not seconds (`make test-fast` skips them).
pytestmark = pytest.mark.slow

FIXTURE = ROOT / "tests" / "fixtures" / "tiny"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")


def run_build(*args: str) -> subprocess.CompletedProcess:
    """Run build.py as a user would."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, timeout=900)


def tree_hashes(*folders: Path) -> dict[str, str]:
    """sha256 of every file below the folders."""
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        if folder.exists()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def chapter_titles() -> list[str]:
    """The `# ` heading of each chapter notebook, in pipeline order."""
    return [nbformat.read(s.notebook, as_version=4).cells[0].source[2:].strip() for s in pipeline.STEPS]


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory) -> Path:
    """The full report built from the shipped corpus into a temporary folder."""
    out = tmp_path_factory.mktemp("shipped")
    result = run_build("--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory) -> Path:
    """An input folder with the shipped codebook and tables but the two fixture documents."""
    data = tmp_path_factory.mktemp("tiny") / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("processed", "raw", "meetings.csv"))
    shutil.copytree(FIXTURE / "raw", data / "raw")
    shutil.copy(FIXTURE / "meetings.csv", data / "meetings.csv")
    return data


@pytest.fixture(scope="session")
def tiny_build(tiny_data, tmp_path_factory) -> Path:
    """The report built from the fixture corpus (HTML only, for speed)."""
    out = tmp_path_factory.mktemp("tiny-out")
    result = run_build("--data", str(tiny_data), "--out", str(out), "--no-pdf")
    assert result.returncode == 0, result.stderr + result.stdout
    return out


def test__build__report_has_every_chapter_and_nothing_a_reader_should_not_see(shipped_build):
    html = (shipped_build / "report" / "report.html").read_text(encoding="utf-8")
    for title in chapter_titles():
        assert re.search(r"<h1[^>]*>\d+\. " + re.escape(title), html), f"chapter '{title}' missing"
    assert '<html lang="en">' in html
    for residue in (
        "jp-InputArea",
        "input_area",
        "Traceback",
        "output_error",
        "ename",
        "Warning:",
        "DeprecationWarning",
        "<Figure size",
    ):
        assert residue not in html, f"'{residue}' leaked into the report"


def test__build__report_is_self_contained_offline(shipped_build):
    html = (shipped_build / "report" / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|iframe)\b", html, re.IGNORECASE)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.IGNORECASE)
    assert "@import" not in html and "url(http" not in html


def test__build__every_internal_link_resolves(shipped_build):
    html = (shipped_build / "report" / "report.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets, "the report has no internal links (contents, citations)"
    assert sorted(targets - ids) == []


def test__build__tables_charts_and_report_reproduce_the_committed_ones(shipped_build):
    # Built in another folder: nothing of the folder's path may reach the bytes (the PDF once linked its charts).
    for sub in ("data/processed", "figures", "report"):
        assert cli.compare_trees(ROOT / sub, shipped_build / sub) == [], (
            f"{sub} differs from the committed outputs; run `make report` and commit"
        )


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils not installed")
def test__build__pdf_has_pages_text_and_metadata(shipped_build):
    pdf = shipped_build / "report" / "report.pdf"
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for title in chapter_titles():
        assert title.split(":")[0] in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 10
    assert "Title:           Meetings on criminal-justice cooperation" in info
    assert "A4" in info
    assert re.search(r"Page \d+ of \d+", text), "pages carry numbers"


def screenshot(html: Path, target: Path, width: int, height: int) -> None:
    """Take a headless Chromium screenshot of a local file."""
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={target.parent / 'chromium-profile'}",
            f"--window-size={width},{height}",
            f"--screenshot={target}",
            html.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="chromium not installed")
@pytest.mark.parametrize(("width", "height"), [(1280, 1600), (390, 844)], ids=["desktop", "phone"])
def test__build__report_renders_in_a_browser_and_is_not_blank(shipped_build, tmp_path, width, height):
    from PIL import Image, ImageStat

    target = tmp_path / "shot.png"
    screenshot(shipped_build / "report" / "report.html", target, width, height)
    image = Image.open(target).convert("L")
    assert image.size == (width, height)
    assert ImageStat.Stat(image).stddev[0] > 20, "the screenshot is blank"


def test__build__no_change_rebuild_executes_nothing(tiny_data, tiny_build):
    result = run_build("--data", str(tiny_data), "--out", str(tiny_build), "--no-pdf")
    assert result.returncode == 0
    assert "Everything is up to date" in result.stdout
    dry = run_build("--data", str(tiny_data), "--out", str(tiny_build), "--no-pdf", "--dry-run")
    assert dry.stdout.count("skip (up to date)") == len(pipeline.STEPS)


def test__build__document_markup_appears_as_text_never_as_markup(tiny_build):
    html = (tiny_build / "report" / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert" in html
    assert "<b>online</b>" not in html


def test__build__fixture_corpus_reaches_every_chapter(tiny_build):
    html = (tiny_build / "report" / "report.html").read_text(encoding="utf-8")
    assert "All 2 documents in the corpus: 2016-tactical, 2024-brussels." in html
    segments = (tiny_build / "data" / "processed" / "segments.csv").read_text(encoding="utf-8")
    assert "2016-tactical:" in segments and "2024-brussels:" in segments
    assert "2009-cairo" not in segments


def test__build__subset_of_meetings_writes_a_separate_report(tmp_path):
    result = run_build("--set", "meetings=2018-hague,2023-hague", "--out", str(tmp_path), "--no-pdf")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert "A subset of 2 of the 5 documents in the corpus: 2018-hague, 2023-hague." in html
    assert "These findings cover a subset of 2 of the 5 documents in the corpus: 2018-hague, 2023-hague." in html
    for name in ("segments.csv", "theme_matrix.csv", "quantities.csv", "actors.csv", "recommendations.csv"):
        table = (tmp_path / "data" / "processed" / name).read_text(encoding="utf-8")
        assert "2009-cairo" not in table and "2020-hague-press" not in table, f"{name} strays outside the subset"
        assert "2023-hague" in table


def corrupt(data: Path, how: str) -> list[str]:
    """Spoil a copy of the inputs one way; return extra build.py arguments, if any."""
    manifest = data / "meetings.csv"
    raw = sorted((data / "raw").iterdir())[0]
    raw.chmod(0o644)
    text = manifest.read_text(encoding="utf-8")
    first_row = text.splitlines()[1]
    if how == "missing raw file":
        raw.unlink()
    elif how == "altered raw file":
        raw.write_bytes(raw.read_bytes() + b"\nAn added line.\n")
    elif how == "impossible date":
        manifest.write_text(
            text.replace(first_row, re.sub(r",\d{4}-\d{2}-\d{2},", ",2016-02-31,", first_row, count=1)),
            encoding="utf-8",
        )
    elif how == "duplicate meeting_id":
        manifest.write_text(text + first_row + "\n", encoding="utf-8")
    elif how == "empty document":
        raw.write_bytes(b"")
    elif how == "not UTF-8":
        raw.write_bytes("Réunion".encode("latin-1"))
    elif how == "unknown parameter":
        return ["--set", "coding_units=sentence"]
    elif how == "wrongly typed parameter":
        params = data.parent / "bad.yml"
        params.write_text("meetings: 12\n", encoding="utf-8")
        return ["--params", str(params)]
    return []


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("missing raw file", "is missing"),
        ("altered raw file", "but the manifest records"),
        ("impossible date", "impossible date"),
        ("duplicate meeting_id", "is a duplicate of line 2"),
        ("empty document", "but the manifest records"),
        ("not UTF-8", "but the manifest records"),
        ("unknown parameter", "unknown parameter 'coding_units'"),
        ("wrongly typed parameter", "parameter 'meetings' (declared as str"),
    ],
)
def test__build__bad_input_exits_2_with_a_clear_message_and_keeps_last_good_outputs(
    tiny_data, tiny_build, tmp_path, how, expected
):
    data = tmp_path / "data"
    shutil.copytree(tiny_data, data)
    for path in (data / "raw").iterdir():
        path.chmod(0o644)
    out = tmp_path / "out"
    shutil.copytree(tiny_build, out)
    before = tree_hashes(out / "data", out / "figures", out / "report")
    extra = corrupt(data, how)
    result = run_build("--data", str(data), "--out", str(out), "--no-pdf", *extra)
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected in result.stderr
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert tree_hashes(out / "data", out / "figures", out / "report") == before


def test__build__failing_cell_exits_1_names_the_cell_and_keeps_outputs(
    tiny_data, tiny_build, tmp_path, monkeypatch, capsys
):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(pipeline.NOTEBOOK_DIR, notebooks)
    nb = nbformat.read(notebooks / "01_corpus.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell('raise RuntimeError("a deliberately broken cell")'))
    nbformat.write(nb, notebooks / "01_corpus.ipynb")
    monkeypatch.setattr(pipeline, "NOTEBOOK_DIR", notebooks)
    out = tmp_path / "out"
    shutil.copytree(tiny_build, out)
    before = tree_hashes(out / "data", out / "figures", out / "report")
    status = cli.main(["--data", str(tiny_data), "--out", str(out), "--no-pdf"])
    message = capsys.readouterr().err
    assert status == 1
    assert "01_corpus.ipynb: cell 4" in message and "a deliberately broken cell" in message
    assert (out / "build" / "failed" / "01_corpus.ipynb").is_file(), "the partial notebook is kept aside"
    assert "build/failed/01_corpus.ipynb" in message
    assert tree_hashes(out / "data", out / "figures", out / "report") == before


def test__build_help__documents_every_option():
    result = run_build("--help")
    assert result.returncode == 0
    for option in ("--params", "--set", "--out", "--data", "--force", "--dry-run", "--check", "--no-pdf", "--jobs"):
        assert option in result.stdout


def test__notebooks__run_under_plain_papermill_with_p_parameters(tmp_path):
    import papermill

    processed = tmp_path / "processed"
    out = tmp_path / "01.ipynb"
    papermill.execute_notebook(
        str(pipeline.STEPS[0].notebook),
        str(out),
        cwd=str(pipeline.NOTEBOOK_DIR),
        progress_bar=False,
        parameters={"processed_dir": str(processed), "figures_dir": str(tmp_path / "fig"), "meetings": "2021-annual"},
    )
    assert (processed / "segments.csv").read_text(encoding="utf-8").count("2021-annual:") > 5
    assert json.loads(out.read_text())["cells"]


def test__output_folder__a_run_with_other_parameters_never_overwrites_the_main_report():
    parse = cli.make_parser().parse_args
    assert cli.output_folder(parse([])) == ROOT
    variant = cli.output_folder(parse(["--set", "meetings=2018-hague,2023-hague"]))
    assert variant == ROOT / "build" / "variants" / "meetings=2018-hague,2023-hague"
    assert cli.output_folder(parse(["--set", "meetings=2018-hague", "--out", "/tmp/x"])) == Path("/tmp/x")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test__build__pdf_pages_are_not_blank_and_nothing_overflows_the_page(shipped_build, tmp_path):
    from PIL import Image, ImageStat

    subprocess.run(
        ["pdftoppm", "-r", "30", "-gray", "-png", str(shipped_build / "report" / "report.pdf"), str(tmp_path / "p")],
        check=True,
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) >= 10
    for page in pages:
        image = Image.open(page).convert("L")
        width, height = image.size
        assert ImageStat.Stat(image).stddev[0] > 3, f"{page.name} is blank"
        # The right margin is 18 mm of 210; below the running header and above the footer it must stay
        # white: ink there means a chart or table wider than the page.
        strip = image.crop((int(width * 0.95), int(height * 0.06), width, int(height * 0.94)))
        assert ImageStat.Stat(strip).extrema[0][0] > 200, f"{page.name}: something overflows into the right margin"


@pytest.mark.parametrize(
    ("file", "spoil", "expected"),
    [
        ("codebook.yml", lambda t: t.replace("id: jits", "id: financial", 1), "duplicate"),
        ("actors/countries.csv", lambda t: t + "Dutch,FRA,France,eu_member_state,false,text,,\n", "Dutch"),
        ("followthrough_review.csv", lambda t: t + "2018-hague:R01,2020-hague-press,done,\n", "verdict 'done'"),
    ],
    ids=["codebook", "gazetteer", "review file"],
)
def test__build__bad_hand_made_input_exits_2_before_any_kernel(tiny_data, tiny_build, tmp_path, file, spoil, expected):
    data = tmp_path / "data"
    shutil.copytree(tiny_data, data)
    path = data / file
    path.write_text(spoil(path.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(tiny_build, out)
    before = tree_hashes(out / "data", out / "figures", out / "report")
    result = run_build("--data", str(data), "--out", str(out), "--no-pdf")
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected in result.stderr and file.split("/")[-1] in result.stderr
    assert "running" not in result.stdout, "no notebook started"
    assert tree_hashes(out / "data", out / "figures", out / "report") == before


def test__build__pdf_left_stale_by_an_html_only_build_is_remade_next_time(tiny_data, tiny_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(tiny_build, out)
    assert run_build("--data", str(tiny_data), "--out", str(out)).returncode == 0  # makes the PDF
    assert run_build("--data", str(tiny_data), "--out", str(out), "--no-pdf", "--force").returncode == 0
    again = run_build("--data", str(tiny_data), "--out", str(out), "--dry-run")
    assert "report: would be assembled" in again.stdout, "the PDF predates the last HTML-only build"


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils not installed")
def test__build__the_body_from_summary_to_methods_prints_on_at_most_40_pages(shipped_build):
    text = subprocess.run(
        [PDFTOTEXT, str(shipped_build / "report" / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")

    def first_page(pattern: str) -> int:
        return next(i for i, page in enumerate(pages, start=1) if re.search(pattern, page, re.M))

    summary, appendices = first_page(r"^1\. Executive summary$"), first_page(r"^\d+\. Validation details$")
    assert appendices - summary <= 40, f"the body runs from page {summary} to page {appendices - 1}"
