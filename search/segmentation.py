"""Word segmentation for search, used on both sides: when pages are indexed and when people query.

Thai, Lao, Khmer and Burmese are written without spaces between words, so no search backend can
find a word inside a phrase on its own. ICU's dictionary word breaker (icu4py) cuts the text into
words; the index then stores the words separated by spaces, and queries are cut the same way.
Accented Latin words (Vietnamese, Tetum, Indonesian loanwords) are also stored without their marks
(``Đà Nẵng`` also as ``Da Nang``), so a query typed without accents finds them.

Change this module, or upgrade ICU, and the index must be rebuilt: ``manage.py update_index``.
"""

import re
import unicodedata
from functools import lru_cache

from wagtail.search import index

from anyascii import anyascii
from icu4py.breakers import CharacterBreaker, WordBreaker
from icu4py.locale import Locale

# Scripts whose words ICU finds with a dictionary (Thai, Lao, Myanmar, Khmer).
UNSPACED_SCRIPT = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\uaa60-\uaa7f]")
WORD_CHARACTER = re.compile(r"\w")
KHMER = re.compile("[\u1780-\u17ff]")
ZERO_WIDTH = str.maketrans({"\u200b": " ", "\u200c": "", "\u200d": "", "\ufeff": ""})
_BREAK_LOCALE = Locale("en")  # ICU's word dictionaries are chosen by script, not by locale


def words(text):
    """The words of ``text`` in order, as ICU's word breaker finds them; punctuation dropped."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", str(text)).translate(ZERO_WIDTH)
    return [word for word in WordBreaker(text, _BREAK_LOCALE) if WORD_CHARACTER.search(word)]


@lru_cache(maxsize=4096)
def _folded(word):
    """``Nẵng`` -> ``Nang``; None when folding changes nothing or the word is not Latin."""
    if UNSPACED_SCRIPT.search(word) or word.isascii():
        return None
    folded = anyascii(word)
    return folded if folded and folded != word and WORD_CHARACTER.search(folded) else None


@lru_cache(maxsize=4096)
def _khmer_parts(word):
    """The two halves of a Khmer compound that ICU keeps whole, when its dictionary knows both.

    ICU returns ``ធុងសំរាម`` ("rubbish bin") as one word, so a search for ``សំរាម`` ("rubbish")
    would miss it. Every split into two parts of at least two characters (grapheme clusters) that
    ICU itself reads as two whole words is indexed too.
    """
    if not KHMER.search(word):
        return ()
    clusters = list(CharacterBreaker(word, _BREAK_LOCALE))
    parts = []
    for cut in range(2, len(clusters) - 1):
        head, tail = "".join(clusters[:cut]), "".join(clusters[cut:])
        if words(head) == [head] and words(tail) == [tail]:
            parts += [head, tail]
    return tuple(parts)


def for_index(text):
    """What the index stores for ``text``: its words, Khmer compound parts, accent-free copies."""
    found = words(text)
    parts = [part for word in found for part in _khmer_parts(word)]
    folded = [fold for word in found if (fold := _folded(word))]
    return " ".join(found + parts + folded)


def for_query(text):
    """A person's query cut into the same words as the index (without the folded copies)."""
    return " ".join(words(text))


def _segment_value(value):
    if isinstance(value, str):
        return for_index(value)
    if isinstance(value, list):
        return [_segment_value(item) for item in value]
    return value


class SegmentedSearchField(index.SearchField):
    """A ``SearchField`` whose text reaches every backend already cut into words."""

    def get_value(self, obj):
        return _segment_value(super().get_value(obj))


class SegmentedAutocompleteField(index.AutocompleteField):
    def get_value(self, obj):
        return _segment_value(super().get_value(obj))


def page_search_fields(model):
    """``Page.search_fields`` with the title indexed through the segmenter (boosted, as in Wagtail).

    The plain title fields are dropped first: modelsearch keeps one field per (type, name).
    """
    kept = [
        field
        for field in model.search_fields
        if not (
            isinstance(field, index.SearchField | index.AutocompleteField)
            and field.field_name == "title"
        )
    ]
    return [*kept, SegmentedSearchField("title", boost=2), SegmentedAutocompleteField("title")]
