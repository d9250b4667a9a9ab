from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import PasswordResetConfirmView
from adoptions import views as adoption_views
from localization.sitemaps import MultilingualSitemap
from portal.api import api_router
from portal.health import healthz
from portal.robots import robots_txt
from search import views as search_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Wagtail's own step of the password-reset link, which also audits and e-mails (accounts).
    path(
        f"{settings.ADMIN_URL}password_reset/confirm/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="wagtailadmin_password_reset_confirm",
    ),
    path(settings.ADMIN_URL, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/search/", search_views.search_api, name="search_api"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/autocomplete/", search_views.autocomplete_api, name="search_autocomplete"),
    path("transfers/", adoption_views.transfer_view, name="transfers"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = "portal.errors.server_error"
