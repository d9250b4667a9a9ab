from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Document library"

    def ready(self):
        from documents import signals  # noqa: F401 - connects the extraction on upload
