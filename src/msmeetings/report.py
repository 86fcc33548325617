"""Assemble the executed chapter notebooks into one HTML report and its PDF.

nbconvert renders the cells with its `basic` template (no scripts, no CDN, no code); this module
wraps them in a page of its own: title page, table of contents, the chapters (the build record
closing the methods chapter), and an appendix reproducing every source document paragraph by
paragraph, which citations link to.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import os
import re
from importlib import metadata
from pathlib import Path

from msmeetings.corpus import sha256_file
from msmeetings.errors import StepError
from msmeetings.files import write_bytes_atomically
from msmeetings.outputs import anchor_id
from msmeetings.pipeline import VERSIONED_PACKAGES

REPORT_TITLE = "Meetings on criminal-justice cooperation against migrant smuggling"
CSS_PATH = Path(__file__).with_name("report.css")


# A markdown heading cell with this tag starts a section (up to the next heading of its level or
# higher) that moves to the appendix "Validation details", leaving a link: the chapters read as
# findings, and how each extractor was checked stays one click away.
APPENDIX_SECTION_TAG = "appendix-section"
VALIDATION_APPENDIX = "Validation details"


def _heading_level(cell) -> int | None:
    """The level of a markdown cell that is a heading ('## Title' -> 2), else None."""
    if cell.cell_type != "markdown":
        return None
    match = re.match(r"(#{1,6})\s", "".join(cell.source))
    return len(match.group(1)) if match else None


def merge_notebooks(paths: list[Path]):
    """One notebook of all chapters: parameter cells, stderr and plain-text reprs left out.

    Sections tagged APPENDIX_SECTION_TAG move to a closing chapter, VALIDATION_APPENDIX.
    """
    import nbformat

    merged = nbformat.v4.new_notebook()
    merged.metadata = {"language_info": {"name": "python"}}
    chapters: dict[str, str] = {}
    moved = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        moving: int | None = None
        for cell in nb.cells:
            if _heading_level(cell) == 1 and path.stem not in chapters:
                chapters[path.stem] = "".join(cell.source).lstrip("#").strip().splitlines()[0]
            tags = cell.metadata.get("tags", [])
            if "parameters" in tags or "injected-parameters" in tags:
                continue
            level = _heading_level(cell)
            if level is not None and APPENDIX_SECTION_TAG in tags:
                moving = level
                title = "".join(cell.source).lstrip("#").strip()
                link = nbformat.v4.new_markdown_cell(
                    f"How this chapter's extraction was checked is in the appendix: [{title}](#{slugify(title)})."
                )
                link["id"] = f"link-{slugify(title)}"[:64]  # nbformat's ids are random: the bytes would differ
                merged.cells.append(link)
            elif level is not None and moving is not None and level <= moving:
                moving = None
            if cell.cell_type == "code":
                outputs = []
                for output in cell.outputs:
                    if output.output_type == "stream":
                        continue  # progress and warnings are for the build log, not the reader
                    if output.output_type in ("display_data", "execute_result"):
                        data = output.get("data", {})
                        if not any(k in data for k in ("text/html", "text/markdown", "image/svg+xml", "image/png")):
                            continue  # a bare repr such as "<Figure ...>" means nothing to a reader
                        output.data = {k: v for k, v in data.items() if k != "text/plain"}
                    outputs.append(output)
                cell.outputs = outputs
            (moved if moving is not None else merged.cells).append(cell)
    if moved:
        heading = nbformat.v4.new_markdown_cell(
            f"# {VALIDATION_APPENDIX}\n\nHow each chapter's extraction was checked against hand-made gold data, "
            "chapter by chapter; the methods chapter summarises the scores."
        )
        heading["id"] = slugify(VALIDATION_APPENDIX)
        merged.cells.append(heading)
        merged.cells.extend(moved)
    merged.metadata["chapters"] = chapters
    return merged


def render_body(nb) -> str:
    """Render a notebook's markdown and outputs (no code) to an HTML fragment."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    body, _ = exporter.from_notebook_node(nb)
    return body


def slugify(text: str) -> str:
    """A readable HTML id from heading text."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def number_headings_and_toc(soup) -> str:
    """Give chapters and sections unique ids and numbers; return the table of contents as HTML."""
    used: set[str] = set()
    entries = []
    chapter = 0
    section = 0
    for heading in soup.find_all(["h1", "h2", "h3", "h4"]):
        for link in heading.find_all("a", class_="anchor-link"):
            link.decompose()
        text = heading.get_text(" ", strip=True)
        base = slugify(text)
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        heading["id"] = ident
        if heading.name == "h1":
            chapter += 1
            section = 0
            heading.string = f"{chapter}. {text}"
            entries.append(("chapter", ident, heading.string))
        elif heading.name == "h2":
            section += 1
            heading.string = f"{chapter}.{section} {text}"
            entries.append(("section", ident, heading.string))
    items = []
    for level, ident, text in entries:
        items.append(f'<li class="toc-{level}"><a href="#{ident}">{html.escape(text)}</a></li>')
    return "\n".join(items)


XREF_PREFIX = "#chapter:"


def resolve_chapter_references(soup, chapters: dict[str, str]) -> None:
    """Turn `[chapter](#chapter:04_actors)` links into "chapter 5", linked, from the numbered headings.

    Notebooks name the chapter they point to by its notebook, never by a number, so reordering the
    chapters cannot leave a reference off by one.

    Raises:
        StepError: a link names a notebook that is not a chapter of the report.
    """
    numbered = {}
    for heading in soup.find_all("h1"):
        number, _, _ = heading.get_text(" ", strip=True).partition(". ")
        numbered[heading.get("id")] = number
    for link in soup.select(f'a[href^="{XREF_PREFIX}"]'):
        stem = link["href"][len(XREF_PREFIX) :]
        ident = slugify(chapters[stem]) if stem in chapters else None
        if ident not in numbered:
            raise StepError(
                f"a cross-reference names '{stem}', which is not a chapter of the report; use one of "
                f"{', '.join(sorted(chapters))} (notebooks/NAME.ipynb)."
            )
        link["href"] = f"#{ident}"
        link.string = f"{link.get_text(strip=True) or 'chapter'} {numbered[ident]}"


def number_figures_and_tables(soup) -> None:
    """Prefix every chart and table caption with its number, in reading order."""
    figure_n = table_n = 0
    for element in soup.find_all(["figcaption", "caption"]):
        if element.name == "figcaption":
            figure_n += 1
            element.insert(0, soup.new_string(f"Figure {figure_n}. "))
        else:
            table_n += 1
            element.insert(0, soup.new_string(f"Table {table_n}. "))


def make_tables_accessible(soup, *, prefix: str) -> None:
    """Give header cells a scope and put each table in a keyboard-scrollable box named by its caption.

    A wide table scrolls sideways on a phone; a scrolling box that cannot take focus is out of
    reach for keyboard users (axe `scrollable-region-focusable`), so the box takes focus and is
    named by the table's caption. The box scrolls, not the table: `display: block` on a table
    drops its table semantics in some browsers.
    """
    for n, table in enumerate(soup.find_all("table"), start=1):
        for th in table.find_all("th"):
            if not th.has_attr("scope"):
                th["scope"] = "row" if th.find_parent("tbody") else "col"
        wrapper = table.parent
        if wrapper is not None and "table-scroll" in (wrapper.get("class") or []):
            continue
        box = soup.new_tag("div", attrs={"class": "table-scroll", "tabindex": "0", "role": "group"})
        caption = table.find("caption")
        if caption is not None:
            caption["id"] = caption.get("id") or f"{prefix}-{n}-caption"
            box["aria-labelledby"] = caption["id"]
        else:
            box["aria-label"] = "Table"
        table.wrap(box)


FULL_TABLES_INTRO = "Reference tables too long for the chapters, in the order the chapters cite them."


def move_tables_to_appendix(soup) -> None:
    """Move tables marked for the appendix to a chapter of full tables, leaving a link behind."""
    marked = soup.find_all("div", class_="appendix-table")
    if not marked:
        return
    section = soup.new_tag("section", attrs={"class": "appendix", "id": "full-tables"})
    heading = soup.new_tag("h1")
    heading.string = "Full tables"
    section.append(heading)
    intro = soup.new_tag("p")
    intro.string = FULL_TABLES_INTRO
    section.append(intro)
    for number, wrapper in enumerate(marked, start=1):
        caption = wrapper.find("caption")
        title = caption.get_text(" ", strip=True) if caption else "table"
        wrapper["id"] = f"full-table-{number}"
        note = soup.new_tag("p", attrs={"class": "appendix-ref"})
        note.append("The full table is in the appendix: ")
        link = soup.new_tag("a", href=f"#full-table-{number}")
        link.string = title
        note.append(link)
        note.append(".")
        wrapper.replace_with(note)
        section.append(wrapper)
    appendix = soup.find("section", id="sources")
    if appendix is not None:
        appendix.insert_before(section)
    else:
        soup.append(section)


def source_appendix(meetings, segments) -> str:
    """Every source document, paragraph-numbered and escaped, each paragraph an anchor for citations."""
    parts = [
        '<section class="appendix" id="sources"><h1 id="source-documents">Source documents</h1>',
        "<p>Each document as segmented for the analysis: every paragraph is numbered (¶) and is "
        "the target of the citations in the chapters. Markup residue is removed; publisher "
        "footers and page furniture are shown in grey.</p>",
    ]
    blocks = segments[segments["kind"] != "sentence"]
    for m in meetings:
        place = ", ".join(p for p in (m.city, m.country) if p) or "place not stated"
        parts.append(
            f'<section class="source" id="source-{html.escape(m.meeting_id)}">'
            f"<h2>{html.escape(m.meeting_id)}: {html.escape(m.title)}</h2>"
            f'<p class="source-meta">{html.escape(m.document_type)}; {html.escape(m.start_date)}; '
            f"{html.escape(place)}; organiser: {html.escape(m.organiser or 'not stated')}; file "
            f"<code>{html.escape(m.source_file)}</code>, sha256 <code>{m.sha256[:16]}…</code>. "
            f'{html.escape(m.notes)}</p><ol class="paragraphs">'
        )
        for row in blocks[blocks["meeting_id"] == m.meeting_id].itertuples():
            kind = row.kind
            label = f"¶{int(row.paragraph_number)}"
            extra = ""
            if kind == "footnote":
                extra = f"<sup>{html.escape(str(row.footnote_number))}</sup> "
            elif kind == "list_item" and str(row.list_number) not in ("", "nan", "<NA>"):
                extra = f"{html.escape(str(row.list_number))}. "
            elif kind == "bullet":
                extra = "– "
            parts.append(
                f'<li id="{anchor_id(row.segment_id)}" class="seg seg-{kind}">'
                f'<span class="para-no">{label}</span> {extra}{html.escape(str(row.text))}</li>'
            )
        parts.append("</ol></section>")
    parts.append("</section>")
    return "\n".join(parts)


def package_versions() -> list[tuple[str, str]]:
    """Versions of the packages that shape the outputs."""
    versions = []
    for name in VERSIONED_PACKAGES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            continue
    return versions


def title_page(meetings, all_meetings) -> str:
    """Title page: title, period and the documents this run covers."""
    years = sorted({m.year for m in meetings})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    subset = len(meetings) < len(all_meetings)
    scope = (
        f"A subset of {len(meetings)} of the {len(all_meetings)} documents in the corpus: "
        if subset
        else f"All {len(meetings)} documents in the corpus: "
    )
    scope += ", ".join(html.escape(m.meeting_id) for m in meetings) + "."
    return f"""
<header class="title-page" id="top">
  <p class="kicker">Comparative report</p>
  <h1 class="report-title">{html.escape(REPORT_TITLE)}, {span}</h1>
  <p class="subtitle">What practitioners' meetings said: themes, reported figures, participants and recommendations.</p>
  <p class="scope">{scope}</p>
  <p class="note">Every number in this report is computed from the source documents by the notebooks of this
  repository, and every quotation links to its paragraph in the appendix of source documents. The findings
  of the summary are written by the authors after reading the documents; each is printed only while the
  tables still support it.</p>
</header>
"""


def build_record(meetings, params: dict, data_dir: Path) -> str:
    """Build record for the end of the methods chapter: parameters, input checksums, package versions."""
    merged: dict[str, object] = {}
    for values in params.values():
        merged.update(values)
    param_rows = (
        "".join(
            f"<tr><td><code>{html.escape(k)}</code></td><td><code>{html.escape(repr(v))}</code></td></tr>"
            for k, v in sorted(merged.items())
        )
        or '<tr><td colspan="2">defaults of every notebook</td></tr>'
    )
    checksum_rows = "".join(
        f"<tr><td><code>{html.escape(m.source_file)}</code></td><td><code>{m.sha256}</code></td></tr>" for m in meetings
    )
    for extra in sorted(p for p in data_dir.glob("*") if p.is_file()):
        digest = sha256_file(extra)
        checksum_rows += f"<tr><td><code>{html.escape(extra.name)}</code></td><td><code>{digest}</code></td></tr>"
    version_rows = "".join(
        f"<tr><td>{html.escape(n)}</td><td>{html.escape(v)}</td></tr>" for n, v in package_versions()
    )
    return f"""
<section class="build-record" id="build-record" aria-labelledby="build-record-heading">
  <h2 id="build-record-heading">Build record</h2>
  <table class="data"><caption>Parameters of this run</caption>
    <thead><tr><th>Parameter</th><th>Value</th></tr></thead><tbody>{param_rows}</tbody></table>
  <table class="data checksums"><caption>Input files and their sha256 checksums</caption>
    <thead><tr><th>File</th><th>sha256</th></tr></thead><tbody>{checksum_rows}</tbody></table>
  <table class="data"><caption>Package versions</caption>
    <thead><tr><th>Package</th><th>Version</th></tr></thead><tbody>{version_rows}</tbody></table>
</section>
"""


def place_before_appendices(soup, block) -> None:
    """Insert a block at the end of the last chapter: before the validation details or the first appendix."""
    main = soup.find("main")
    validation = next(
        (h for h in main.find_all("h1") if h.get_text(" ", strip=True) == VALIDATION_APPENDIX), None
    )
    anchor = validation
    while anchor is not None and anchor.parent is not main:
        anchor = anchor.parent
    anchor = anchor or soup.find("section", class_="appendix")
    if anchor is not None:
        anchor.insert_before(block)
    else:
        main.append(block)


def place_contents_after_summary(soup, toc: str):
    """Put the table of contents after the executive summary, so a reader meets the findings first.

    The summary is the first chapter; the contents go before the second chapter's heading (at the
    start when there is only one chapter).
    """
    from bs4 import BeautifulSoup

    nav = BeautifulSoup(
        f'<nav class="toc" aria-label="Contents"><h2 class="plain">Contents</h2><ol>{toc}</ol></nav>', "html.parser"
    ).nav
    main = soup.find("main")
    chapters = main.find_all("h1")
    if len(chapters) < 2:
        main.insert(0, nav)
        return soup
    anchor = chapters[1]
    while anchor.parent is not main:
        anchor = anchor.parent
    anchor.insert_before(nav)
    return soup


def assemble_html(executed: list[Path], *, meetings, all_meetings, params: dict, data_dir: Path, segments) -> str:
    """The whole report as one self-contained HTML document."""
    from bs4 import BeautifulSoup

    merged = merge_notebooks(executed)
    body = render_body(merged)
    soup = BeautifulSoup("<main id='chapters'>" + body + source_appendix(meetings, segments) + "</main>", "html.parser")
    # The build record closes the methods chapter (the last chapter), so the reader meets findings first;
    # its list of input checksums is reference data and goes to the full tables like any long table.
    record = BeautifulSoup(build_record(meetings, params, data_dir), "html.parser")
    make_tables_accessible(record, prefix="build-table")
    checksums = record.find("table", class_="checksums")
    box = checksums.find_parent("div") or checksums
    box.wrap(record.new_tag("div", attrs={"class": "appendix-table"}))
    place_before_appendices(soup, record)
    move_tables_to_appendix(soup)
    toc = number_headings_and_toc(soup)
    resolve_chapter_references(soup, merged.metadata["chapters"])
    number_figures_and_tables(soup)
    make_tables_accessible(soup, prefix="table")
    front = BeautifulSoup(title_page(meetings, all_meetings), "html.parser")
    css = CSS_PATH.read_text(encoding="utf-8")
    years = sorted({m.year for m in meetings})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(REPORT_TITLE)}, {span}</title>
<meta name="description" content="Comparative report on {len(meetings)} meeting documents, {span}">
<style>{css}</style>
</head>
<body>
{front.decode(formatter="minimal")}
{place_contents_after_summary(soup, toc).decode(formatter="minimal")}
</body>
</html>
"""


# The PDF's typefaces, as files that ship with a pinned package (matplotlib's DejaVu, with its
# licence in the same folder), so no system font lookup or cache state chooses a glyph.
FONT_FILES = {
    ("DejaVu Serif", "normal", "normal"): "DejaVuSerif.ttf",
    ("DejaVu Serif", "bold", "normal"): "DejaVuSerif-Bold.ttf",
    ("DejaVu Serif", "normal", "italic"): "DejaVuSerif-Italic.ttf",
    ("DejaVu Serif", "bold", "italic"): "DejaVuSerif-BoldItalic.ttf",
    ("DejaVu Sans", "normal", "normal"): "DejaVuSans.ttf",
    ("DejaVu Sans", "bold", "normal"): "DejaVuSans-Bold.ttf",
    ("DejaVu Sans", "normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("DejaVu Sans", "bold", "italic"): "DejaVuSans-BoldOblique.ttf",
    ("DejaVu Sans Mono", "normal", "normal"): "DejaVuSansMono.ttf",
    ("DejaVu Sans Mono", "bold", "normal"): "DejaVuSansMono-Bold.ttf",
}


def font_faces_css() -> str:
    """@font-face rules binding the report's font families to the shipped font files."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    rules = []
    for (family, weight, style), name in FONT_FILES.items():
        path = folder / name
        if not path.is_file():
            raise StepError(
                f"{path}: a font of the report is missing; reinstall matplotlib (pip install -r requirements.txt)."
            )
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


# What a printed page can carry: longer tables and source texts are cut in the PDF only (the HTML and
# the CSV files keep everything), so a very large corpus still prints in minutes, not hours.
PRINT_ROW_CAP = 150
PRINT_PARAGRAPH_CAP = 1500


def cap_for_print(html_text: str) -> tuple[str, list[str]]:
    """Cut long tables and source texts for the PDF; return the HTML and what was cut, in words."""
    if html_text.count("<tr") <= PRINT_ROW_CAP and html_text.count('class="seg ') <= PRINT_PARAGRAPH_CAP:
        return html_text, []
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_text, "html.parser")
    capped = []
    for table in soup.select("table.data"):
        rows = table.select("tbody > tr")
        if len(rows) <= PRINT_ROW_CAP:
            continue
        for row in rows[PRINT_ROW_CAP:]:
            row.decompose()
        caption = table.caption.get_text(" ", strip=True) if table.caption else "a table"
        note = soup.new_tag("p", attrs={"class": "note"})
        note.string = (
            f"The printed report shows the first {PRINT_ROW_CAP} of {len(rows)} rows; the HTML report and the "
            "CSV files in data/processed/ hold them all."
        )
        (table.find_parent("div", class_="table-scroll") or table).insert_after(note)
        capped.append(f"{caption}: {PRINT_ROW_CAP} of {len(rows)} rows printed")
    for document in soup.select("ol.paragraphs"):
        items = document.find_all("li", recursive=False)
        if len(items) <= PRINT_PARAGRAPH_CAP:
            continue
        for item in items[PRINT_PARAGRAPH_CAP:]:
            item.decompose()
        note = soup.new_tag("p", attrs={"class": "note"})
        note.string = (
            f"The printed report shows the first {PRINT_PARAGRAPH_CAP} of {len(items)} passages of this document; "
            "the HTML report holds the whole text."
        )
        document.insert_after(note)
        heading = document.find_previous(["h2", "h3"])
        capped.append(
            f"{heading.get_text(' ', strip=True) if heading else 'a source text'}: "
            f"{PRINT_PARAGRAPH_CAP} of {len(items)} passages printed"
        )
    return str(soup), capped


_FIGURE_IMG = re.compile(r"<img [^>]*data-figure=[^>]*>")
_FIGURE_STEM = re.compile(r'data-figure="([^"]+)"')
_SVG_DATA = re.compile(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')
_SVG_WIDTH = re.compile(rb'<svg[^>]*?\swidth="([0-9.]+)pt"')


def print_figures(html_text: str, figures_dir: Path) -> str:
    """The HTML for print: each chart's SVG swapped for its PNG twin, drawn at the SVG's size.

    WeasyPrint paints the SVGs' thousands of glyph paths slowly (about half the PDF's time); the PNG,
    written with it at print resolution, prints the same chart. A chart without its PNG keeps the SVG.
    """

    def swap(match: re.Match) -> str:
        tag = match.group(0)
        stem, data = _FIGURE_STEM.search(tag), _SVG_DATA.search(tag)
        if stem is None or data is None:
            return tag
        png = figures_dir / f"{stem.group(1)}.png"
        width = _SVG_WIDTH.search(base64.b64decode(data.group(1))[:2000])
        if not png.is_file() or width is None:
            return tag
        css_px = float(width.group(1)) * 96 / 72
        # Inline, not a file URL: a path in the PDF would differ between build folders.
        png_data = base64.b64encode(png.read_bytes()).decode("ascii")
        return tag.replace(data.group(0), f'src="data:image/png;base64,{png_data}" style="width: {css_px:.1f}px"')

    return _FIGURE_IMG.sub(swap, html_text)


_FULL_TABLES = re.compile(r'<section class="appendix" id="full-tables">.*?</section>', re.S)
_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S)
_TBODY = re.compile(r"<tbody\b.*?</tbody>", re.S)


# The longest full table the PDF prints; longer ones are listed by caption (the HTML has them all).
PRINT_FULL_TABLE_ROWS = 20


def list_full_tables(html_text: str) -> tuple[str, int]:
    """The HTML for print with the long tables of the "Full tables" appendix listed, not printed.

    Returns the HTML and how many tables were listed.

    The full tables are reference data (they were half of the PDF's pages and of its time); the
    printed report keeps each one's number and caption, where the chapters' links land, and says
    where the rows are: the HTML report and the CSV files.
    """
    section = _FULL_TABLES.search(html_text)
    if section is None:
        return html_text, 0
    count = 0

    def listed(match: re.Match) -> str:
        nonlocal count
        body = _TBODY.search(match.group(0))
        rows = body.group(0).count("<tr") if body else 0
        if rows <= PRINT_FULL_TABLE_ROWS:
            return match.group(0)
        count += 1
        caption = _CAPTION.search(match.group(0))
        title = caption.group(1).strip() if caption else "Table"
        return f'<p class="note"><strong>{title}</strong>: {rows:,} rows.</p>'

    printed = _TABLE.sub(listed, section.group(0)).replace(
        FULL_TABLES_INTRO,
        FULL_TABLES_INTRO + f" The printed report lists those of more than {PRINT_FULL_TABLE_ROWS} rows by caption; "
        "the HTML report (report.html) and the CSV files in data/processed/ hold their rows.",
        1,
    )
    return html_text[: section.start()] + printed + html_text[section.end() :], count


def write_pdf(html_text: str, target: Path, *, epoch: int) -> list[str]:
    """Render the HTML to PDF with WeasyPrint; SOURCE_DATE_EPOCH fixes the embedded dates.

    Returns what was cut for print (see cap_for_print).
    """
    import logging

    from weasyprint import CSS, HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html_text, capped = cap_for_print(html_text)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        pdf = HTML(string=html_text, base_url=str(target.parent)).write_pdf(
            stylesheets=[CSS(string=font_faces_css())], pdf_identifier=b"msmeetings-report", pdf_tags=True
        )
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    write_bytes_atomically(target, pdf)
    return capped


def assemble_report(
    executed: list[Path],
    *,
    out_dir: Path,
    meetings,
    all_meetings,
    params: dict,
    data_dir: Path,
    processed_dir: Path,
    figures_dir: Path | None = None,
    pdf: bool = True,
) -> None:
    """Write report.html (and report.pdf, its charts drawn from the PNGs in figures_dir) into out_dir."""
    from msmeetings.corpus import read_segments

    segments = read_segments(processed_dir / "segments.csv", meetings)
    html_text = assemble_html(
        executed, meetings=meetings, all_meetings=all_meetings, params=params, data_dir=data_dir, segments=segments
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    write_bytes_atomically(out_dir / "report.html", html_text.encode("utf-8"))
    if pdf:
        last = max(m.end_date or m.start_date for m in meetings)
        year, month = int(last[:4]), int(last[5:7]) if len(last) >= 7 else 12
        epoch = int(dt.datetime(year, month, 1, tzinfo=dt.timezone.utc).timestamp())
        printed = print_figures(html_text, figures_dir) if figures_dir is not None else html_text
        printed, listed = list_full_tables(printed)
        if listed:
            print(f"report: the PDF lists {listed} long full tables by caption; report.html has their rows", flush=True)
        for line in write_pdf(printed, out_dir / "report.pdf", epoch=epoch):
            print(f"report: cut for print: {line}", flush=True)
