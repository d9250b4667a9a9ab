import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

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
def money(value):
    """12345678.00 -> 12,345,678 (no decimals for large sums)."""
    if value is None:
        return ""
    return f"{value:,.0f}"


JSON_IN_HTML = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@register.filter
def json_ld(data):
    """``data`` as a schema.org JSON-LD block, escaped so it cannot close the script element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_IN_HTML)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
