"""WAGTAILADMIN_BASE_URL is the portal's one address: the Wagtail Site follows it on every
``migrate`` (as in a deployment) and by ``seed_demo``; an address the Site cannot hold is refused.

That e-mails' links start with it is asserted in the browser: tests/browser/test_email_links.py
(review and approval e-mails) and tests/browser/test_visitor_phone.py (contact e-mail).
"""

from django.core.management import call_command

from wagtail.models import Page, Site

import pytest

from tests.test_foundation import run_manage


@pytest.mark.django_db
def test_migrate_gives_the_default_site_the_base_url(settings, site):
    for address in ("https://portal.example.org", "http://127.0.0.1:8000"):
        settings.WAGTAILADMIN_BASE_URL = address
        call_command("migrate", verbosity=0)  # the deployment's step: nothing to apply here
        assert Site.objects.get(is_default_site=True).root_url == address
        assert Page.objects.get(pk=site["home"].pk).full_url == f"{address}/"


@pytest.mark.parametrize(
    "address",
    ["portal.example.org", "https://portal.example.org:8443", "https://portal.example.org/ascn"],
)
def test_an_address_the_site_cannot_hold_is_one_clear_line(address):
    result = run_manage("check", WAGTAILADMIN_BASE_URL=address)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Configuration error: WAGTAILADMIN_BASE_URL must be http://host[:port] or "
        f"https://host (port 443), not {address!r}"
    )
