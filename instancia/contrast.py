"""WCAG 2.x contrast ratio between two sRGB colours written as ``#rrggbb``."""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: WCAG AA for normal text.
AA_NORMAL_TEXT = 4.5
WHITE = "#ffffff"
#: The page's background and the footer's panel (static/css/tablero.css: --bg, --panel).
PAGE_BACKGROUNDS = ("#ffffff", "#f4f5f7")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def worst_ratio(colour: str) -> float:
    """The lowest contrast of the brand colour as it is used: white text on it (header,
    buttons) and it as a colour on the page's backgrounds."""
    return min(ratio(colour, other) for other in (WHITE, *PAGE_BACKGROUNDS))
