"""The PDF stays printable for any corpus: long tables and source texts are cut for print, and say so."""

import base64
import re

from msmeetings import report


def _table(rows: int) -> str:
    body = "".join(f"<tr><td>{i}</td></tr>" for i in range(rows))
    return f'<div class="table-scroll"><table class="data"><caption>Figures</caption><tbody>{body}</tbody></table></div>'


def test__cap_for_print__small_report_is_left_as_it_is():
    html_text = f"<html><body>{_table(3)}</body></html>"
    assert report.cap_for_print(html_text) == (html_text, [])


def test__cap_for_print__long_table_keeps_its_first_rows_and_a_note():
    html_text, capped = report.cap_for_print(f"<html><body>{_table(report.PRINT_ROW_CAP + 50)}</body></html>")
    assert html_text.count("<tr>") == report.PRINT_ROW_CAP
    assert f"first {report.PRINT_ROW_CAP} of {report.PRINT_ROW_CAP + 50} rows" in html_text
    assert capped == [f"Figures: {report.PRINT_ROW_CAP} of {report.PRINT_ROW_CAP + 50} rows printed"]


def test__cap_for_print__huge_source_text_is_cut_with_a_note():
    n = report.PRINT_PARAGRAPH_CAP + 10
    items = "".join(f'<li class="seg seg-paragraph" id="seg-x-{i}">text {i}</li>' for i in range(n))
    html_text, capped = report.cap_for_print(f'<h2>Big document</h2><ol class="paragraphs">{items}</ol>')
    assert html_text.count("<li") == report.PRINT_PARAGRAPH_CAP
    assert capped == [f"Big document: {report.PRINT_PARAGRAPH_CAP} of {n} passages printed"]


def test__place_contents_after_summary__contents_come_between_the_first_and_second_chapter():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        "<main><div><h1>1. Executive summary</h1><p>s</p></div><div><h1>2. Corpus</h1></div></main>", "html.parser"
    )
    html_text = str(report.place_contents_after_summary(soup, "<li>x</li>"))
    assert html_text.index("Executive summary") < html_text.index("<nav") < html_text.index("2. Corpus")


def test__merge_notebooks__a_tagged_section_moves_to_the_validation_appendix_with_a_link(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Chapter"),
        nbformat.v4.new_markdown_cell("## Findings"),
        nbformat.v4.new_markdown_cell("## How well it works", metadata={"tags": [report.APPENDIX_SECTION_TAG]}),
        nbformat.v4.new_markdown_cell("Precision 0.9."),
        nbformat.v4.new_markdown_cell("## Next section"),
    ]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    sources = ["".join(c.source) for c in report.merge_notebooks([path]).cells]
    assert sources[:3] == ["# Chapter", "## Findings", sources[2]] and "(#how-well-it-works)" in sources[2]
    assert sources[3] == "## Next section"
    assert sources[4].startswith(f"# {report.VALIDATION_APPENDIX}") and sources[5:] == ["## How well it works", "Precision 0.9."]


def test__merge_notebooks__cells_it_adds_have_the_same_ids_every_time(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## Checks", metadata={"tags": [report.APPENDIX_SECTION_TAG]})]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    first = [c["id"] for c in report.merge_notebooks([path]).cells]
    assert first == [c["id"] for c in report.merge_notebooks([path]).cells]


def test__place_before_appendices__the_build_record_closes_the_last_chapter_not_the_validation_details():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        "<main><div><h1>Methods</h1></div><div><h1>Validation details</h1></div>"
        '<section class="appendix"><h1>Sources</h1></section></main>',
        "html.parser",
    )
    report.place_before_appendices(soup, BeautifulSoup("<section id='record'></section>", "html.parser"))
    text = str(soup)
    assert text.index("Methods") < text.index("record") < text.index("Validation details")


def test__print_figures__the_pdf_draws_each_chart_from_its_png_at_the_svg_size(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from bs4 import BeautifulSoup

    from msmeetings import outputs

    outputs.configure_matplotlib()
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.plot([1, 2], [1, 2])
    outputs.save_figure(fig, "01_chart", tmp_path)
    plt.close(fig)
    svg = (tmp_path / "01_chart.svg").read_bytes()
    # BeautifulSoup, as the report's assembly does, reorders the attributes.
    page = str(BeautifulSoup(outputs.figure_html(svg, title="T", caption="C", alt="A", stem="01_chart"), "html.parser"))
    printed = report.print_figures(page, tmp_path)
    img = BeautifulSoup(printed, "html.parser").img
    assert img["src"] == "data:image/png;base64," + base64.b64encode((tmp_path / "01_chart.png").read_bytes()).decode()
    assert img["alt"] == "A"
    width_pt = float(re.search(rb'width="([0-9.]+)pt"', svg).group(1))
    assert img["style"] == f"width: {width_pt * 96 / 72:.1f}px"
    # Without its PNG, a chart keeps its SVG.
    (tmp_path / "01_chart.png").unlink()
    assert report.print_figures(page, tmp_path) == page


def test__list_full_tables__the_pdf_lists_the_full_tables_by_caption_and_keeps_their_anchors():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        "<main><p>Chapter text <div class='appendix-table'>"
        f"{_table(25).replace('<caption>Figures</caption>', '<caption>Table 9. Figures</caption>')}</div>"
        f"<div class='appendix-table'>{_table(3)}</div></p>"
        "<section id='sources'>sources</section></main>",
        "html.parser",
    )
    report.move_tables_to_appendix(soup)
    html_text = str(soup)
    printed, count = report.list_full_tables(html_text)
    assert count == 1
    assert "<strong>Table 9. Figures</strong>: 25 rows." in printed
    assert printed.count("<tr>") == 3, "a short table is still printed"
    assert 'id="full-table-1"' in printed and 'href="#full-table-1"' in printed, "the chapters' links still land"
    assert "The printed report lists those of more than 20 rows" in printed
    assert report.list_full_tables("<p>no appendix</p>") == ("<p>no appendix</p>", 0)
