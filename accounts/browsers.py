"""A short, readable name for a browser's user-agent string ("Firefox on Windows").

No user-agent parser is installed, and the account security page only needs the major browsers
and systems: the first marker found names each (the order matters: Edge and Opera also say
"Chrome", Chrome also says "Safari", Android also says "Linux", iPhones also say "Mac OS X").
The page keeps the whole string in a ``title`` attribute.
"""

from django.utils.translation import gettext

BROWSERS = [
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("Opera", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("Chromium/", "Chromium"),
    ("CriOS", "Chrome"),
    ("HeadlessChrome", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
]


def first_found(markers, user_agent):
    return next((name for marker, name in markers if marker in user_agent), None)


def browser_name(user_agent):
    """A short name such as "Firefox on Windows"; the string itself when nothing is known."""
    user_agent = user_agent or ""
    browser, system = first_found(BROWSERS, user_agent), first_found(SYSTEMS, user_agent)
    if browser and system:
        return gettext("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or user_agent[:60] or gettext("Unknown browser")
