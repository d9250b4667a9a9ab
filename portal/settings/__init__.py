"""Settings for the ASCN Knowledge Portal: ``base`` reads the environment; the others adjust it."""


class ConfigurationError(Exception):
    """Raised by settings for a bad or missing environment variable.

    ``manage.py`` and ``wsgi.py`` turn it into a one-line message instead of a traceback.
    """
