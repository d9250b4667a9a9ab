"""Words the public pages show that come from data, listed so that ``makemessages`` extracts them.

Country and focal-area names come from ``portal/data/ascn.json`` through a data migration and are
translated at display time (``Country.label``, ``FocalArea.label``); a test checks this list
against that file. Month names are here because Django ships no Filipino, Lao or Tetum catalogue
and only partial Khmer and Burmese ones, and dates on practices use them.
"""

from django.utils.translation import gettext_noop

COUNTRY_NAMES = [
    gettext_noop("Brunei Darussalam"),
    gettext_noop("Cambodia"),
    gettext_noop("Indonesia"),
    gettext_noop("Lao PDR"),
    gettext_noop("Malaysia"),
    gettext_noop("Myanmar"),
    gettext_noop("Philippines"),
    gettext_noop("Singapore"),
    gettext_noop("Thailand"),
    gettext_noop("Viet Nam"),
    gettext_noop("Timor-Leste"),
]

FOCAL_AREA_NAMES = [
    gettext_noop("Civic & Social"),
    gettext_noop("Health & Well-being"),
    gettext_noop("Safety & Security"),
    gettext_noop("Quality Environment"),
    gettext_noop("Built Infrastructure"),
    gettext_noop("Industry & Innovation"),
]

# The same msgids as django/utils/dates.py (used by the F date format), so ours fill them in.
MONTH_NAMES = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
