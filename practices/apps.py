from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from practices import signals  # noqa: F401 - connects the receivers
