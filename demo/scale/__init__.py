"""National-scale synthetic content for benchmarks; see generator.py."""

from .bulk import spread, unique_slug
from .generator import HEAVY_SLUG, ScaleError, ScaleOptions, ScaleReport, generate

__all__ = [
    "HEAVY_SLUG",
    "ScaleError",
    "ScaleOptions",
    "ScaleReport",
    "generate",
    "spread",
    "unique_slug",
]
