from django.apps import AppConfig


class EventsConfig(AppConfig):
    """The network's record: events and news. The package is not called ``events``: opensearch-py
    imports the ``events`` package from PyPI, which a top-level ``events`` of the portal would
    hide. The app keeps the label ``events``: its tables, its page types (``events.EventPage``),
    its migrations and its templates (``events/…``) are named after it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "record"
    label = "events"
    verbose_name = "Events and news"
