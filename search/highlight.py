"""Result snippets: a short passage of a page's text with the query's words in <mark>.

Built from plain text that is escaped piece by piece; only the <mark> tags
are markup. Matching ignores case and accents and accepts word endings
("presupuesto" marks "presupuestos"), like the Spanish search itself.
"""

import html
import re
import unicodedata

from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from .queries import STOP_WORDS

SNIPPET_LENGTH = 220
BLOCK_END_RE = re.compile(r"(</(?:p|li|h[1-6]|div|td|th)>|<br\s*/?>)", re.IGNORECASE)
#: Characters kept before the first match, so the passage starts with some context.
LEAD = 60


class _FoldTable(dict):
    """Each character's folded form, worked out the first time it is met (``str.translate``
    then folds a whole text in C: the per-character loop was most of a search's time)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0].lower()
        folded = self[code] = base if len(base) == 1 else char
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case without accents, one character for one character (same length)."""
    return text.translate(_FOLD_TABLE)


def plain(value) -> str:
    """Plain text of a field's value (rich text loses its tags), whitespace collapsed."""
    text = BLOCK_END_RE.sub(r"\1 ", str(value or ""))  # "</p><p>" must leave a space
    text = html.unescape(strip_tags(text))
    return re.sub(r"\s+", " ", text).strip()


def stem(word: str) -> str:
    """A crude Spanish stem for marking: drop common endings, keep at least 4 letters."""
    word = fold(word)
    for ending in ("aciones", "acion", "iones", "ion", "es", "s", "a", "o", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def word_pattern(words) -> re.Pattern | None:
    words = [w for w in words if len(w) > 2 and fold(w) not in STOP_WORDS]
    stems = sorted({stem(w) for w in words}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in stems) + r")\w*")


def snippet(texts, words, length: int = SNIPPET_LENGTH) -> SafeString:
    """The passage of the first text that mentions a query word, with the words marked;
    without any mention, the start of the first non-empty text."""
    pattern = word_pattern(words)
    texts = [t for t in (plain(t) for t in texts) if t]
    if not texts:
        return mark_safe("")  # noqa: S308 - empty
    if pattern is not None:
        for text in texts:
            match = pattern.search(fold(text))
            if match:
                start = max(0, match.start() - LEAD)
                if start:
                    space = text.find(" ", start)
                    start = space + 1 if 0 <= space < match.start() else start
                end = start + length
                if end < len(text):
                    space = text.rfind(" ", match.end(), end)
                    end = space if space > 0 else end
                return _marked(text[start:end], pattern, start > 0, end < len(text))
    return conditional_escape(Truncator(texts[0]).chars(length))


def _marked(passage: str, pattern: re.Pattern, cut_start: bool, cut_end: bool) -> SafeString:
    folded = fold(passage)
    pieces, position = [], 0
    for match in pattern.finditer(folded):
        pieces.append(conditional_escape(passage[position : match.start()]))
        pieces.append(f"<mark>{conditional_escape(passage[match.start() : match.end()])}</mark>")
        position = match.end()
    pieces.append(conditional_escape(passage[position:]))
    html = "".join(pieces)
    if cut_start:
        html = "…" + html
    if cut_end:
        html += "…"
    return mark_safe(html)  # noqa: S308 - every piece of text above is escaped
