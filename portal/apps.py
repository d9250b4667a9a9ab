from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from portal.cache import connect_model
        from portal.sites import follow_base_url

        post_migrate.connect(follow_base_url, sender=self)

        for label in (
            "portal.Country",
            "portal.FocalArea",
            "portal.PortalSettings",
            "wagtailimages.Image",
            "wagtaildocs.Document",
            # a section or a collection made private leaves the cached pages that list it
            "wagtailcore.PageViewRestriction",
            "wagtailcore.CollectionViewRestriction",
        ):
            connect_model(apps.get_model(label))
