"""The languages of the portal: English and the languages of the ASEAN member states.

Imported by the settings, so it must not import Django models. Django's ``LANG_INFO`` lacks
Filipino, Lao and Tetum, and names Khmer only in English; ``register_language_info`` fills those
gaps so that ``{% get_language_info %}``, Wagtail's ``Locale.language_name_local`` and the language
switcher name every language in its own script.
"""

from django.conf.locale import LANG_INFO

DEFAULT_LANGUAGE = "en"

LANGUAGES = [
    ("en", "English"),
    ("id", "Indonesian"),
    ("ms", "Malay"),
    ("fil", "Filipino"),
    ("vi", "Vietnamese"),
    ("th", "Thai"),
    ("lo", "Lao"),
    ("km", "Khmer"),
    ("my", "Burmese"),
    ("tet", "Tetum"),
]

_LOCAL_NAMES = {
    "fil": "Filipino",
    "lo": "ລາວ",
    "km": "ខ្មែរ",
    "tet": "Tetun",
}


def register_language_info():
    for code, name in LANGUAGES:
        info = dict(LANG_INFO.get(code, {"bidi": False, "code": code, "name": name}))
        info["name_local"] = _LOCAL_NAMES.get(code, info.get("name_local", name))
        LANG_INFO[code] = info
