"""Colours with one meaning each, the same in every chart.

Categorical hues come from the Okabe-Ito set (distinguishable with the common colour-vision
deficiencies), and each hue stands for one kind of thing across the whole report: a country is
blue in the actors chart and in the figures chart alike. Ordered scales (verdicts, counts) use
lightness of one neutral hue, so they never borrow a meaning from the categorical hues.
"""

from __future__ import annotations

BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
ORANGE = "#E69F00"
SKY = "#56B4E9"
BLACK = "#000000"
GREY = "#7F7F7F"
LIGHT_GREY = "#D9D9D9"
GRID = "#E5E5E5"

# Who: the kinds of actor. Reporting bodies of figures take the colour of their kind.
ACTOR_TYPES = {"country": BLUE, "organisation": VERMILLION, "group": GREEN, "person": PURPLE}

# Follow-through verdicts, strongest evidence darkest (an ordered scale, not hues).
VERDICTS = {
    "implemented": "#1A1A1A",
    "reiterated": "#595959",
    "recurring": "#8C8C8C",
    "mentioned": "#CFCFCF",
    "not_found": "#FFFFFF",
}

# Earlier and later halves of the period in before/after charts.
PERIODS = {"earlier": GREY, "later": BLACK}

# Sequential colour map for counts and rates in heat maps.
SEQUENTIAL_CMAP = "Greys"


def actor_colour(actor_type: str) -> str:
    """The colour of a kind of actor; grey for anything else."""
    return ACTOR_TYPES.get(actor_type, GREY)


def verdict_colour(verdict: str) -> str:
    """The shade of a follow-through verdict."""
    return VERDICTS[verdict]


def text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on a fill colour (WCAG relative luminance)."""
    red, green, blue = (int(fill.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return BLACK if luminance > 0.179 else "#FFFFFF"
