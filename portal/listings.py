"""The listing pages of the content apps (``/cities/``, ``/practices/``), which the base layer
links to and purges without importing those apps.

The site header links to each listing in the active language, and a publish purges every
listing from the CDN (``portal.cache.purge_listings``). ``portal`` sits below the content apps,
so each content app registers its listing page model here instead::

    @register_listing_page("practices")
    class PracticeIndexPage(Page): ...

Templates read the links by that name: ``{{ nav.practices }}``.
"""

_listing_page_models = {}


def register_listing_page(name):
    """Class decorator: ``model`` is the listing page the header calls ``name``."""

    def register(model):
        _listing_page_models[name] = model
        return model

    return register


def listing_page_models():
    """{name: page model} of every registered listing page, in the order the apps load."""
    return dict(_listing_page_models)
