import json
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext as _

from wagtail.models import Page

from localization.i18n import (
    alternates,
    content_language,
    language_links,
    untranslated_notice_language,
)
from portal.cache import cached_value
from portal.models import ancestors_for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with ``changes`` applied (a value of None removes the key)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def query_toggle(context, name, value):
    """The current query string with ``name=value`` added, or removed if present; page reset."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    values = params.getlist(name)
    params.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    return params.urlencode()


@register.simple_tag
def query_from(items):
    """Encode (name, value) pairs, e.g. the active filters, as a query string."""
    return urlencode(list(items))


@register.filter
def placed(messages, place):
    """The messages to show at ``place``: the ones added with ``extra_tags=place``.

    ``""`` is the page's general message area at the top; a form's own confirmation (e.g. the
    contact form's, ``"contact"``) is shown beside the form, where the person is.
    """
    return [message for message in messages if (message.extra_tags or "") == place]


@register.filter
def selected_count(facets):
    """How many filter values are selected across ``facets`` (shown on the "Filter" toggle)."""
    return sum(len(facet.selected) for facet in facets)


@register.filter
def money(value):
    """12345678.00 -> 12,345,678 in English, 12.345.678 in Indonesian (no decimals)."""
    if value is None:
        return ""
    return number_format(round(value), 0, force_grouping=True)


JSON_IN_HTML = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@register.filter
def json_ld(data):
    """``data`` as a schema.org JSON-LD block, escaped so it cannot close the script element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_IN_HTML)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def page_ancestors(context, page):
    """The pages above ``page`` from the home page down, as the route found them."""
    return ancestors_for_request(context["request"], page)


def _context_page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


def _per_page(name, compute, context):
    """``compute(request, page)`` for this page and address, cached until content changes."""
    request, page = context["request"], _context_page(context)
    return cached_value(
        name,
        lambda: compute(request, page),
        page.pk if page else "-",
        get_language(),
        request.get_host(),
        request.get_full_path(),
    )


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    return {"links": _per_page("language_links", language_links, context)}


@register.simple_tag(takes_context=True)
def hreflang_alternates(context):
    """``<link rel=alternate hreflang>`` for each live translation, and x-default (English)."""
    pairs = _per_page("alternates", alternates, context)
    tags = [format_html('<link rel="alternate" hreflang="{}" href="{}">', c, u) for c, u in pairs]
    default = dict(pairs).get(settings.LANGUAGE_CODE)
    if default:
        tags.append(format_html('<link rel="alternate" hreflang="x-default" href="{}">', default))
    return mark_safe("\n  ".join(tags))  # noqa: S308 (each part built by format_html)


@register.inclusion_tag("includes/untranslated_notice.html", takes_context=True)
def untranslated_notice(context):
    """Said in the language the reader chose, on a page that has no translation into it."""
    page = _context_page(context)
    code = untranslated_notice_language(context["request"])
    if page is None or code is None or code == page.locale.language_code:
        return {}
    with override(code):  # "shown in อังกฤษ" for a Thai reader, not "shown in English"
        shown_in = str(get_language_info(page.locale.language_code)["name_translated"])
    return {"code": code, "language": get_language_info(code)["name_local"], "shown_in": shown_in}


@register.filter
def lang_attr(page):
    """`` lang="xx"`` when ``page`` is written in another language than the interface."""
    code = content_language(page)
    if code == get_language():
        return ""
    return format_html(' lang="{}"', code)


@register.filter
def minutes(duration):
    """A timedelta as whole minutes (rounded up), e.g. for the sign-in lock-out page."""
    return -(-int(duration.total_seconds()) // 60) if duration else 0


@register.filter
def site_of(url):
    """The site a link leads to, e.g. ``en.wikipedia.org``: names a fact's source in a few words."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


@register.simple_tag
def autocomplete_attributes():
    """The attributes that make a search form offer suggestions (portal/js/autocomplete.js):
    the address it asks, and the words it shows, in the page's language."""
    labels = {
        "city": _("City"),
        "practice": _("Practice"),
        "challenge": _("Challenge"),
        "topic": _("Topic"),
        "suggestions": _("Suggestions"),
    }
    return format_html(
        ' data-autocomplete="{}"{}',
        reverse("search_autocomplete"),
        format_html_join("", ' data-label-{}="{}"', labels.items()),
    )
