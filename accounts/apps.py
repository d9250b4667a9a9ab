from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Editor-account security: second factors, their enforcement by role, sessions, audit."""

    name = "accounts"
    verbose_name = "Account security"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import signals  # noqa: F401
