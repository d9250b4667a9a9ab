"""Links of the site header in the active language, computed only when a template uses them."""

from django.utils.functional import SimpleLazyObject

from wagtail.models import Site

from portal.i18n import one_per_translation


def _localized(model):
    return one_per_translation(model.objects.live().public()).first()


def site_navigation(request):
    from cities.models import CityIndexPage
    from practices.models import PracticeIndexPage

    site = Site.find_for_request(request)
    home = site.root_page.localized if site else None
    cities, practices = _localized(CityIndexPage), _localized(PracticeIndexPage)
    return {
        "home": home.url if home else "/",
        "cities": cities.url if cities else "",
        "practices": practices.url if practices else "",
    }


def navigation(request):
    return {"nav": SimpleLazyObject(lambda: site_navigation(request))}
