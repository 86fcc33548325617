"""What every chart shares: its size, its smallest text, and measures of how it reads on paper and phone.

Charts are drawn at a fixed width narrower than the printed text column, so the PDF shows them at
their natural size (the stylesheet never enlarges an image) and a 390 px phone shrinks them only a
little. Readability is then a matter of measured sizes, not of taste: `legibility` reports the
smallest text a reader meets in print and on a phone, and `text_collisions` lists labels that
overlap or leave the figure. Tests apply both to every chart.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from msmeetings import palette

# The PDF's text column: A4 (210 mm) less 18 mm margins each side; a chart taller than the print
# stylesheet's max-height is scaled down to it.
PRINT_WIDTH_IN = (210 - 2 * 18) / 25.4
PRINT_MAX_HEIGHT_IN = 200 / 25.4
# The HTML text column on a 390 px phone: the stylesheet's narrow-screen padding is .75rem of 15 px.
PHONE_COLUMN_PX = 390 - 2 * 0.75 * 15
CSS_PX_PER_IN = 96

CHART_WIDTH_IN = 5.0
FONT_PT = 8.5  # labels, ticks, cell values: nothing smaller
TITLE_PT = 9.5
MIN_PRINT_PT = 7.0
MIN_PHONE_PX = 8.0
LABEL_CHARS = 30  # longest label line before it wraps


@dataclass(frozen=True)
class Legibility:
    """The smallest text of a chart as a reader meets it."""

    width_in: float
    height_in: float
    min_print_pt: float
    min_phone_px: float

    @property
    def readable(self) -> bool:
        """True when the smallest text is at least 7 pt in print and 8 CSS px on a 390 px phone."""
        return self.min_print_pt >= MIN_PRINT_PT and self.min_phone_px >= MIN_PHONE_PX


def wrap(label: str, width: int = LABEL_CHARS) -> str:
    """A label broken into lines of at most `width` characters (long words are kept whole)."""
    return "\n".join(textwrap.wrap(str(label), width=width, break_long_words=False)) or str(label)


def visible_texts(fig) -> list:
    """Every text a reader sees: visible, non-empty, and for tick labels only ticks inside the axis limits."""
    from matplotlib.text import Text

    fig.canvas.draw()
    hidden_ticks = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            # matplotlib keeps label objects for ticks outside the limits but does not draw them.
            drawn = {id(label) for tick in axis._update_ticks() for label in (tick.label1, tick.label2)}
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                hidden_ticks.update(id(label) for label in (tick.label1, tick.label2) if id(label) not in drawn)
    texts = []
    for text in fig.findobj(Text):
        if id(text) in hidden_ticks or not text.get_visible() or not str(text.get_text()).strip():
            continue
        if getattr(text, "axes", None) is not None and not text.axes.get_visible():
            continue
        texts.append(text)
    return texts


def _renderer(fig):
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def saved_size_in(fig) -> tuple[float, float]:
    """Width and height in inches of the chart as `outputs.save_figure` writes it (tight bounding box)."""
    renderer = _renderer(fig)
    box = fig.get_tightbbox(renderer)
    pad = 2 * 0.1  # matplotlib's default savefig.pad_inches on each side
    return float(box.width + pad), float(box.height + pad)


def legibility(fig) -> Legibility:
    """Measure the smallest text of a chart in print (pt) and on a 390 px phone (CSS px)."""
    width, height = saved_size_in(fig)
    sizes = [float(t.get_fontsize()) for t in visible_texts(fig)]
    smallest = min(sizes) if sizes else FONT_PT
    print_scale = min(1.0, PRINT_WIDTH_IN / width, PRINT_MAX_HEIGHT_IN / height)
    phone_scale = min(1.0, PHONE_COLUMN_PX / (width * CSS_PX_PER_IN))
    return Legibility(
        width_in=width,
        height_in=height,
        min_print_pt=smallest * print_scale,
        min_phone_px=smallest * CSS_PX_PER_IN / 72 * phone_scale,
    )


def text_collisions(fig, tolerance_px: float = 0.5) -> list[str]:
    """Texts that overlap each other or run past the figure's edge, described for a test message."""
    renderer = _renderer(fig)
    page = fig.bbox
    boxes = [(t, t.get_window_extent(renderer)) for t in visible_texts(fig)]
    problems = []
    for text, box in boxes:
        if (
            box.x0 < page.x0 - tolerance_px
            or box.y0 < page.y0 - tolerance_px
            or box.x1 > page.x1 + tolerance_px
            or box.y1 > page.y1 + tolerance_px
        ):
            problems.append(f"{text.get_text()!r} runs past the figure")
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        overlap_x = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        overlap_y = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if overlap_x > tolerance_px and overlap_y > tolerance_px:
            problems.append(f"{a.get_text()!r} overlaps {b.get_text()!r}")
    return problems


def new_figure(height_in: float, ncols: int = 1, nrows: int = 1, **kwargs):
    """A chart of the standard width, laid out so that labels stay inside it."""
    import matplotlib.pyplot as plt  # heavy: loaded only when a chart is drawn

    return plt.subplots(
        nrows, ncols, figsize=(CHART_WIDTH_IN, height_in), layout="constrained", squeeze=False, **kwargs
    )


def draw_count_grid(ax, values: np.ndarray, row_labels, col_labels, *, cell_text=None, vmax: float | None = None):
    """A heat table: shaded cells in the palette's sequential map, each with its value written in.

    Args:
        ax: The axes to draw on.
        values: Rows x columns; NaN cells stay blank.
        row_labels: Labels down the left side.
        col_labels: Labels under the columns (set vertical so that narrow columns never collide).
        cell_text: Rows x columns of strings to write in the cells; by default the values as integers.
        vmax: The value of the darkest shade; by default the largest value.

    Returns:
        The image, for a colour bar if one is wanted.
    """
    import matplotlib

    cmap = matplotlib.colormaps[palette.SEQUENTIAL_CMAP]
    finite = values[np.isfinite(values)]
    top = vmax if vmax is not None else (float(finite.max()) if finite.size and finite.max() > 0 else 1.0)
    # The lightest eighth of the map is left out so an empty cell (0) still reads as a cell.
    norm = matplotlib.colors.Normalize(vmin=-top / 8, vmax=top)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, aspect="auto")
    for (row, col), value in np.ndenumerate(values):
        if not np.isfinite(value):
            # A blank cell (a document without text) still says so, when the caller has words for it.
            if cell_text is not None and cell_text[row][col]:
                ax.text(col, row, cell_text[row][col], ha="center", va="center", fontsize=FONT_PT, color=palette.GREY)
            continue
        text = cell_text[row][col] if cell_text is not None else f"{value:.0f}"
        fill = matplotlib.colors.to_hex(cmap(norm(value)))
        ax.text(col, row, text, ha="center", va="center", fontsize=FONT_PT, color=palette.text_colour_on(fill))
    ax.set_xticks(range(values.shape[1]), list(col_labels), rotation=90, fontsize=FONT_PT)
    ax.set_yticks(range(values.shape[0]), list(row_labels), fontsize=FONT_PT)
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    return image


def style_axes(ax) -> None:
    """Font sizes and light grid lines shared by the bar and dot charts."""
    ax.tick_params(labelsize=FONT_PT)
    ax.xaxis.label.set_fontsize(FONT_PT)
    ax.yaxis.label.set_fontsize(FONT_PT)
    ax.set_axisbelow(True)


def draw_ranked_bars(ax, labels, values, *, value_text=None, colour: str = palette.GREY) -> None:
    """Horizontal bars, largest first from the top, each with its value written at its end.

    Ranked bars replace networks and triangles: every pair has its own line of text, so nothing
    collides however many there are, and the order is the finding.
    """
    y = np.arange(len(values))
    ax.barh(y, values, color=colour, height=0.7)
    top = max([1.0, *(float(v) for v in values)])
    for yi, value, text in zip(y, values, value_text or [f"{v:.0f}" for v in values]):
        ax.text(float(value) + top * 0.02, yi, text, va="center", ha="left", fontsize=FONT_PT)
    ax.set_yticks(y, list(labels), fontsize=FONT_PT)
    ax.set_ylim(len(values) - 0.5, -0.5)
    ax.set_xlim(0, top * 1.18)
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labelsize=FONT_PT)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color=palette.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
