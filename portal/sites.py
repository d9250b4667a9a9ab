"""The portal's one public address, ``WAGTAILADMIN_BASE_URL``, and the Wagtail Site that follows it.

Absolute links come from two places: Wagtail's admin links in e-mails use the setting, and
``page.full_url`` (contact and workflow e-mails, hreflang links, the sitemap) uses the default
Site's hostname and port. The Site is made to follow the setting after every ``migrate`` (so in
production too) and by ``seed_demo``, so that both always name the same address.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections


def site_address(base_url=None):
    """(hostname, port) of ``base_url``, by default the ``WAGTAILADMIN_BASE_URL`` setting.

    Wagtail's ``Site.root_url`` reads port 443 as https and any other port as http.
    """
    parts = urlsplit(base_url or settings.WAGTAILADMIN_BASE_URL)
    hostname = parts.hostname
    if ":" in hostname:  # an IPv6 address, bracketed as it is in a URL
        hostname = f"[{hostname}]"
    return hostname, parts.port or (443 if parts.scheme == "https" else 80)


def follow_base_url(using="default", **kwargs):
    """Give the default Site the hostname and port of ``WAGTAILADMIN_BASE_URL`` (post_migrate)."""
    from wagtail.models import Site

    if Site._meta.db_table not in connections[using].introspection.table_names():
        return
    hostname, port = site_address()
    for site in Site.objects.using(using).filter(is_default_site=True):
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save(using=using)  # a save, not an update: Wagtail's site caches are cleared
