"""The "my city" chooser and a practice's fit for that city (practices/fit.py)."""

from django import template

from portal.cache import per_generation
from practices import fit

register = template.Library()


@register.inclusion_tag("practices/includes/my_city.html", takes_context=True)
def my_city_chooser(context, city=None, back=None):
    """A GET form (no script, no account) that sets or changes "my city", then comes back (to
    ``back``, else to this page)."""
    request = context["request"]
    nav = context.get("nav") or {}
    practices = nav.get("practices", "") if hasattr(nav, "get") else ""
    if city is None:
        city = fit.my_city(request)
    return {
        "action": f"{practices}my-city/" if practices else "",
        # The same few dozen names on every page: kept per content generation, as the header is.
        "cities": per_generation(f"my-city-choices:{request.LANGUAGE_CODE}", fit.cities_to_choose),
        "current": str(city.translation_key) if city else "",
        "city": city,
        "next": back or request.get_full_path(),
    }


def _fit_for(request, practice):
    """(my city, the practice's fit for it), or (None, None) when no city is chosen."""
    city = fit.my_city(request)
    result = fit.cached_fit(practice, city) if city is not None and practice.pk else None
    return city, result


@register.inclusion_tag("practices/includes/fit_panel.html", takes_context=True)
def fit_panel(context, practice):
    """On a practice page: its fit for "my city", factor by factor, and the chooser."""
    request = context["request"]
    city, result = _fit_for(request, practice)
    return {"request": request, "nav": context.get("nav"), "city": city, "fit": result}


@register.inclusion_tag("practices/includes/fit_summary.html", takes_context=True)
def fit_summary(context, practice):
    """Under a practice's title: the verdict of its fit, linked to the factors further down
    (on a phone, thousands of pixels down)."""
    city, result = _fit_for(context["request"], practice)
    return {"city": city, "fit": result}
