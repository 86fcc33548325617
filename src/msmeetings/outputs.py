"""Deterministic tables and charts, and the display helpers notebooks use for the report.

Everything a notebook shows in the report goes through here so that data taken from the
source documents is always escaped, and files on disk are byte-identical between runs.
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
from pathlib import Path

import pandas as pd

from msmeetings.files import write_bytes_atomically

# Okabe-Ito: distinguishable for the common forms of colour blindness. Ordered so the colours with
# at least 3:1 contrast on white come first; the pale ones (orange, sky blue, yellow) come last.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9", "#F0E442"]
FLOAT_FORMAT = "%.4f"


def esc(text: object) -> str:
    """HTML-escape text that comes from a document, so it shows as text, never as markup."""
    escaped = html.escape("" if text is None else str(text), quote=False)
    # Markdown would otherwise turn `*`, `_` and `[` in quoted source text into formatting or links.
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", escaped)


def anchor_id(segment_id: str) -> str:
    """Return the HTML id of a segment in the source appendix."""
    return "seg-" + re.sub(r"[^A-Za-z0-9-]", "-", segment_id)


def cite(segment_id: str) -> str:
    """Return a Markdown link from a finding to its paragraph in the source appendix."""
    meeting_id, _, rest = segment_id.partition(":")
    paragraph = rest.split(".")[0].lstrip("0") or "0"
    return f"[{meeting_id} ¶{paragraph}](#{anchor_id(segment_id.split('.')[0])})"


def write_csv(df: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a frame as CSV with fixed float format and line endings, atomically."""
    text = df.to_csv(index=False, lineterminator="\n", float_format=FLOAT_FORMAT)
    write_bytes_atomically(Path(path), text.encode("utf-8"))


def configure_matplotlib() -> None:
    """Make matplotlib output reproducible to the byte and readable in print."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.hashsalt": "msmeetings",
            "svg.fonttype": "path",
            "font.family": "DejaVu Sans",
            "font.size": 10,
            "axes.titlesize": 12,
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def _render(fig, fmt: str) -> bytes:
    buffer = io.BytesIO()
    # No dates or software versions in the files: they would change the bytes on every run.
    metadata = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def save_figure(fig, stem: str, figures_dir: str | os.PathLike) -> None:
    """Write `stem.svg` and `stem.png` into figures_dir, deterministically."""
    for fmt in ("svg", "png"):
        write_bytes_atomically(Path(figures_dir) / f"{stem}.{fmt}", _render(fig, fmt))


def figure_html(svg: bytes, *, title: str, caption: str, alt: str, stem: str | None = None) -> str:
    """Return an accessible, self-contained HTML figure embedding an SVG chart.

    `stem` names the chart's files in the figures folder; the PDF draws its PNG twin instead of the
    SVG (report.print_figures), which WeasyPrint paints many times faster.
    """
    data = base64.b64encode(svg).decode("ascii")
    figure = f' data-figure="{html.escape(stem)}"' if stem else ""
    return (
        '<figure class="chart">'
        f'<img src="data:image/svg+xml;base64,{data}"{figure} alt="{html.escape(alt)}">'
        f"<figcaption><strong>{html.escape(title)}.</strong> {html.escape(caption)}</figcaption>"
        "</figure>"
    )


def show_figure(fig, stem: str, figures_dir: str | os.PathLike, *, title: str, caption: str, alt: str):
    """Save a chart and display it with its title, caption and alt text."""
    import matplotlib.pyplot as plt
    from IPython.display import HTML, display

    save_figure(fig, stem, figures_dir)
    svg = (Path(figures_dir) / f"{stem}.svg").read_bytes()
    plt.close(fig)
    display(HTML(figure_html(svg, title=title, caption=caption, alt=alt, stem=stem)))


def column_label(name: object, table: str | None = None) -> str:
    """The header a reader sees for a column: its catalogue label, else the name in plain words.

    `table` names the catalogue table the column comes from, where labels differ between tables
    ("kind" of passage, of item). Headers already in words ("later meeting") only gain a capital.
    """
    from msmeetings import tables

    text = str(name)
    if not re.fullmatch(r"[a-z0-9_]+", text):
        return text[:1].upper() + text[1:]
    if table is not None and text in tables.table(table).column_names:
        return tables.table(table).labels()[text]
    known = {t.labels()[text] for t in tables.TABLES if text in t.column_names}
    if len(known) == 1:
        return known.pop()
    words = re.sub(r"_id$", "", text)
    words = re.sub(r"^n_(.+)$", r"number of \1", words)
    words = re.sub(r"_pct$", " (%)", words).replace("_", " ")
    return words[:1].upper() + words[1:]


def table_html(df: pd.DataFrame, *, caption: str, index: bool = False, table: str | None = None) -> str:
    """Return an escaped HTML table with a caption and readable headers; links made by cite() stay links."""
    df = df.rename(columns=lambda c: column_label(c, table))
    body = df.to_html(index=index, escape=True, border=0, classes="data", na_rep="")
    body = _cite_links_to_html(body)
    return body.replace(">\n  <thead>", f">\n  <caption>{html.escape(caption)}</caption>\n  <thead>", 1)


_CITE_RE = re.compile(r"\[([^\]\[]{1,80}?)\]\(#(seg-[A-Za-z0-9-]+)\)")


def _cite_links_to_html(escaped_html: str) -> str:
    # Cells were escaped first; only the exact shape cite() produces becomes a link again.
    return _CITE_RE.sub(r'<a href="#\2">\1</a>', escaped_html)


def show_table(
    df: pd.DataFrame, *, caption: str, index: bool = False, appendix: bool = False, table: str | None = None
):
    """Display a table as escaped HTML with a caption.

    With appendix=True the report moves the table to its appendix of full tables and leaves a link
    in its place: for reference lists a reader looks things up in rather than reads. `table` names the
    catalogue table whose column labels the headers take.
    """
    from IPython.display import HTML, display

    rendered = table_html(df, caption=caption, index=index, table=table)
    if appendix:
        rendered = f'<div class="appendix-table">{rendered}</div>'
    display(HTML(rendered))


def show_markdown(text: str):
    """Display Markdown prose; values taken from documents must already be passed through esc()."""
    from IPython.display import Markdown, display

    display(Markdown(text))
