"""The topic vocabulary: one term per topic, named in each of the portal's ten languages.

The terms live in ``search/data/topics.json`` (names other than English are drafts for native
review, as the catalogues are). A topic tag, in whatever language an officer typed it, belongs
to the term one of whose names it is; a tag that names no term stays a free tag of its own.

Cross-language search rests on it, on every backend alike:

- the index stores, for each topic of a page, every name of its term (``TopicNamesField``), so
  ``ขยะ`` typed on the English site finds the practices tagged *waste*, whatever their language;
- ``terms_named`` finds the terms a text names, so a result can say why it matched ("matched the
  topic *waste* (ขยะ)") and a challenge written in Vietnamese is matched to practices tagged
  in English or Thai.

Names are compared as sequences of words (``search.segmentation.words``, lower-cased), so a
Thai or Lao name is found inside a phrase written without spaces.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language

from wagtail.search import index

from search.segmentation import UNSPACED_SCRIPT, for_index, words

DATA = Path(__file__).parent / "data" / "topics.json"


@dataclass(frozen=True)
class Term:
    key: str  # the English name, also the tag stored when an officer picks the term
    names: tuple  # ((language code, name), ...) in the vocabulary's order of languages
    also: tuple = ()
    draft: bool = True
    means: bool = False  # a technology or tool (sensors), not a problem (waste)
    setting: bool = False  # where a practice works (tourism), not a problem either

    def name(self, language=None):
        """The term's name in ``language`` (the active language by default), else in English."""
        language = (language or get_language() or "en").split("-")[0]
        return dict(self.names).get(language) or self.key

    @property
    def every_name(self):
        seen = []
        for name in [self.key, *(name for _code, name in self.names), *self.also]:
            if name not in seen:
                seen.append(name)
        return seen

    def __str__(self):
        return self.name()


def _key(text):
    return tuple(word.lower() for word in words(text))


@cache
def terms():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple(
        Term(
            key=term["key"],
            names=tuple(zip(data["languages"], term["names"], strict=True)),
            also=tuple(term.get("also", ())),
            draft=term.get("draft", True),
            means=term.get("means", False),
            setting=term.get("setting", False),
        )
        for term in data["terms"]
    )


@cache
def _by_words():
    """{name as a tuple of lower-case words: term}, and the longest name's length in words."""
    found = {}
    for term in terms():
        for name in term.every_name:
            found.setdefault(_key(name), term)
    found.pop((), None)
    return found, max(len(name) for name in found)


def term_for(tag_name):
    """The term a tag's whole name names, or None for a free tag."""
    return _by_words()[0].get(_key(tag_name))


def topic_key(tag_name):
    """What two topics are compared by: their term's key, or a free tag's lower-case name."""
    term = term_for(tag_name)
    return term.key if term else str(tag_name).lower()


def spellings(names):
    """Every tag name that may stand for the topic of one of ``names`` (tag names, or words
    naming terms), to find the tags of those topics in the database: each name of the term, as
    written, lower-cased and capitalised; a free tag as written and in those two cases."""
    found = set()
    for name in names:
        term = term_for(name)
        for spelling in term.every_name if term else [str(name)]:
            found |= {spelling, spelling.lower(), spelling.capitalize()}
    return sorted(found)


def terms_named(text):
    """[(term, the words of ``text`` that name it), ...] in the order they appear, each term
    once; at each place the longest name wins ("giao thông công cộng" is public transport, not
    traffic)."""
    by_words, longest = _by_words()
    found = words(text)
    lowered = [word.lower() for word in found]
    named = {}
    position = 0
    while position < len(found):
        for length in range(min(longest, len(found) - position), 0, -1):
            term = by_words.get(tuple(lowered[position : position + length]))
            if term is not None:
                said = found[position : position + length]
                joiner = "" if UNSPACED_SCRIPT.search("".join(said)) else " "
                named.setdefault(term, joiner.join(said))
                position += length
                break
        else:
            position += 1
    return list(named.items())


class TopicNamesField(index.SearchField):
    """A tag's name for the index, with every name of its term in every language (segmented)."""

    def get_value(self, obj):
        name = super().get_value(obj)
        term = term_for(name) if name else None
        return for_index(" ".join(term.every_name) if term else name)


class CatalogueNamesField(index.SearchField):
    """A name the catalogues translate (a focal area's), indexed in every language, so that a
    focal area named in any of them finds its pages."""

    def get_value(self, obj):
        name = super().get_value(obj)
        if not name:
            return name
        names = [name]
        for code, _language in settings.LANGUAGES:
            with translation.override(code):
                names.append(translation.gettext(name))
        return for_index(" ".join(dict.fromkeys(names)))


def terms_starting(text, limit=10):
    """The terms one of whose names (in any language) starts with ``text``, or has a word that
    does: what the officers' topic picker offers as they type (``search.topic_picker``)."""
    typed = text.strip().lower()
    if not typed:
        return []
    found = []
    for term in terms():
        for name in term.every_name:
            lowered = name.lower()
            if lowered.startswith(typed) or any(w.startswith(typed) for w in _key(name)):
                found.append((term, name))
                break
        if len(found) == limit:
            break
    return found
