from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps

        from portal.cache import connect_model

        for label in (
            "portal.Country",
            "portal.FocalArea",
            "portal.PortalSettings",
            "wagtailimages.Image",
            "wagtaildocs.Document",
        ):
            connect_model(apps.get_model(label))
