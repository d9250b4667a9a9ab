from django.apps import AppConfig


class AdoptionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "adoptions"
    verbose_name = "Adoptions"
