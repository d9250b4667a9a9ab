from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the portal: ``seed_demo`` (the demo content and its sample data), ``backup`` and
    ``restore``. A leaf: it imports the other apps, nothing imports it."""

    name = "ops"
    default_auto_field = "django.db.models.BigAutoField"
