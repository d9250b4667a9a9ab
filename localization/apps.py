from django.apps import AppConfig


class LocalizationConfig(AppConfig):
    """Everything about languages: the portal's languages and formats, which translation of a
    page to show, the interface catalogues and the review of page translations."""

    name = "localization"
    default_auto_field = "django.db.models.BigAutoField"
