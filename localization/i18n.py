"""Pages in several languages: which translation to list, and where the language switcher goes.

Every language has its own page tree (Wagtail's i18n). Listings, maps and search still show the
whole network in every language: for each translation group they show the page in the active
language when it exists, else the English one, else the first written. A card in another
language than the interface carries ``lang`` so that screen readers and fonts follow.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.signals import request_started
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Locale

UNTRANSLATED_PARAM = "untranslated"
# On an address no language prefix changes (the admin's sign-in), the language chosen in the
# switcher travels as ``?language=<code>`` (accounts.middleware honours it and remembers it).
LANGUAGE_PARAM = "language"


_locales = {}
_kept_locales = []  # forget_locales_later() was called: locales outlive a request


@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def forget_locales(**kwargs):
    """Locales are read all at once, in one query (Wagtail would query one at every call)."""
    _locales.clear()


@receiver(request_started)
def _forget_locales_per_request(**kwargs):
    """Once a request, unless a layer above knows when the locales may change and calls
    ``forget_locales`` then (``keep_locales_between_requests``)."""
    if not _kept_locales:
        _locales.clear()


def keep_locales_between_requests():
    """The caller will call ``forget_locales`` whenever the locales may have changed (the page
    cache's content generation, which a change of a locale makes new, does)."""
    _kept_locales.append(True)


def locale_for(code):
    if not _locales:
        _locales.update((locale.language_code, locale) for locale in Locale.objects.all())
    if code not in _locales:
        try:
            _locales[code] = Locale.objects.get_for_language(code)
        except Locale.DoesNotExist:
            _locales[code] = Locale.get_default()
    return _locales[code]


def active_locale():
    return locale_for(translation.get_language() or settings.LANGUAGE_CODE)


def default_locale():
    return locale_for(settings.LANGUAGE_CODE)


def one_per_translation(queryset, locale=None):
    """``queryset`` narrowed to one page per translation group, preferring ``locale``.

    A page stays when no live page of its group ranks before it: the active language first,
    then English, then the page written first. Each test is an EXISTS on the group's index
    (translation_key, locale), so pages of the active language cost nothing.
    """
    locale = locale or active_locale()
    default = default_locale()
    group = queryset.model.objects.live().filter(translation_key=OuterRef("translation_key"))
    preferred = [locale.pk] if default.pk == locale.pk else [locale.pk, default.pk]
    chosen = Q(locale=locale)
    if default.pk != locale.pk:
        chosen |= Q(locale=default) & ~Exists(group.filter(locale=locale))
    earlier_elsewhere = group.exclude(locale__in=preferred).filter(pk__lt=OuterRef("pk"))
    chosen |= (
        ~Q(locale__in=preferred)
        & ~Exists(group.filter(locale__in=preferred))
        & ~Exists(earlier_elsewhere)
    )
    return queryset.filter(chosen)


def content_language(page):
    """The language a page is written in: an alias shows its original's text."""
    source = page.alias_of if page.alias_of_id else page
    return source.locale.language_code


@dataclass
class LanguageLink:
    code: str
    name_local: str
    url: str
    current: bool


def language_links(request, page=None):
    """For each language, where the switcher goes from here.

    On a page: its live translation in that language, or else the English page (or the page
    itself when there is no English one) with ``?untranslated=<code>`` so that it can say, in
    the chosen language, that no translation exists yet. A route below a page (compare,
    coverage) and the query string are kept. Elsewhere (search, errors): the same path under
    the other language's prefix; where no prefix applies (the admin's sign-in), ``?language=``.
    """
    current = translation.get_language()
    params = request.GET.copy()
    params.pop(UNTRANSLATED_PARAM, None)
    translations = live_translations(request, page)
    suffix = ""
    if translations:
        own_url = page.get_url(request) or ""
        if own_url and request.path.startswith(own_url):
            suffix = request.path[len(own_url) :]
    fallback = translations.get(settings.LANGUAGE_CODE, page)
    prefixed = {}
    if page is None:
        prefixed = {code: translate_url(request.path, code) for code, _name in settings.LANGUAGES}
    unprefixable = page is None and set(prefixed.values()) == {request.path}
    links = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        query = params.copy()
        if unprefixable:
            url = request.path
            query[LANGUAGE_PARAM] = code
        elif page is None:
            url = prefixed[code]
        elif code in translations:
            url = (translations[code].get_url(request) or "/") + suffix
        else:
            url = (fallback.get_url(request) or "/") + suffix
            query[UNTRANSLATED_PARAM] = code
        if query:
            url = f"{url}?{query.urlencode()}"
        links.append(LanguageLink(code, info["name_local"], url, code == current))
    return links


def live_translations(request, page):
    """{language code: page} of the live translations of ``page`` (itself included).

    Aliases are left out: they show another language's text. Kept on the request, as the
    switcher and the ``hreflang`` links both need it.
    """
    if page is None or not getattr(page, "locale_id", None):
        return {}
    cache = request.__dict__.setdefault("_live_translations", {})
    if page.pk not in cache:
        pages = (
            page.get_translations(inclusive=True)
            .live()
            .filter(alias_of__isnull=True)
            .select_related("locale")
        )
        cache[page.pk] = {other.locale.language_code: other for other in pages}
    return cache[page.pk]


def alternates(request, page):
    """``hreflang`` alternates: the live translations of ``page`` with absolute URLs."""
    translations = live_translations(request, page)
    return [(code, translations[code].get_full_url(request)) for code in sorted(translations)]


def untranslated_notice_language(request):
    """The language asked for through the switcher when this page has no translation in it."""
    code = request.GET.get(UNTRANSLATED_PARAM, "")
    return code if code in dict(settings.LANGUAGES) else None
