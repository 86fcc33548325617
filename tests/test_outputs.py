"""Deterministic files and safe display: what the report shows of the documents."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from msmeetings import outputs  # noqa: E402


def test__esc__markup_from_a_document_stays_text():
    assert "<script>" not in outputs.esc("<script>alert(1)</script>")
    assert "&lt;script&gt;" in outputs.esc("<script>alert(1)</script>")


def test__esc__apostrophes_and_markdown_specials_read_as_written():
    from IPython.display import Markdown

    rendered = Markdown(outputs.esc("Eurojust's *hawala* [here](#) <u>x</u>"))._repr_markdown_()
    assert "&#x27;" not in rendered and "Eurojust's" in rendered
    assert r"\*hawala\*" in rendered and r"\[here\](#)" in rendered and "&lt;u&gt;" in rendered


def test__cite__links_a_segment_to_its_appendix_paragraph():
    assert outputs.cite("2018-hague:042.03") == "[2018-hague ¶42](#seg-2018-hague-042)"


def test__table_html__escapes_cells_but_keeps_citation_links():
    df = pd.DataFrame({"text": ["<b>bold</b> & <script>x</script>"], "source": [outputs.cite("2023-hague:007")]})
    rendered = outputs.table_html(df, caption="A <caption>")
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert '<a href="#seg-2023-hague-007">2023-hague ¶7</a>' in rendered
    assert "<caption>A &lt;caption&gt;</caption>" in rendered


def test__write_csv__same_frame_gives_same_bytes(tmp_path):
    df = pd.DataFrame({"meeting_id": ["b", "a"], "share_pct": [1 / 3, 2.0]})
    outputs.write_csv(df, tmp_path / "one.csv")
    outputs.write_csv(df, tmp_path / "two.csv")
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    assert (tmp_path / "one.csv").read_text().splitlines()[1] == "b,0.3333"


def draw():
    fig, ax = plt.subplots()
    ax.plot([2009, 2018, 2023], [1, 3, 2], label="x")
    ax.set_title("t")
    return fig


def test__save_figure__reproducible_to_the_byte_and_undated(tmp_path):
    outputs.configure_matplotlib()
    outputs.save_figure(draw(), "a", tmp_path / "one")
    outputs.save_figure(draw(), "a", tmp_path / "two")
    for ext in ("svg", "png"):
        assert (tmp_path / "one" / f"a.{ext}").read_bytes() == (tmp_path / "two" / f"a.{ext}").read_bytes()
    assert b"<dc:date>" not in (tmp_path / "one" / "a.svg").read_bytes()


def test__figure_html__has_alt_text_and_caption():
    rendered = outputs.figure_html(b"<svg/>", title="T", caption="Read <this>", alt='A "chart"')
    assert 'alt="A &quot;chart&quot;"' in rendered
    assert "Read &lt;this&gt;" in rendered


def test__column_label__raw_names_become_words_and_catalogue_labels_win():
    assert outputs.column_label("verdict_checked_by_a_reader") == "Verdict checked by a reader"
    assert outputs.column_label("later_meeting_id") == "Later meeting"
    assert outputs.column_label("share_pct") == "Share of passages (%)"
    assert outputs.column_label("kind", "recommendations") == "Kind of item"
    assert outputs.column_label("reviewer's note") == "Reviewer's note"


def test__table_html__headers_are_labels_not_column_names():
    html_text = outputs.table_html(pd.DataFrame({"meeting_id": ["a"], "n_words": [3]}), caption="c")
    assert "<th>Meeting</th>" in html_text and "<th>Words</th>" in html_text and "meeting_id" not in html_text
