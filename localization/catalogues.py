"""The interface catalogues (locale/<code>/LC_MESSAGES/django.po) and their review status.

Each catalogue says in its header whether a native speaker has reviewed it
(``X-Review-Status: reviewed`` or ``draft``, and ``X-Reviewed-By``); the admin page
"Interface languages" shows that to the secretariat.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language_info
from django.views.generic import TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin

import polib


@dataclass
class Catalogue:
    code: str
    name: str
    name_local: str
    status: str
    reviewed_by: str
    translated: int
    total: int


def catalogue_path(code):
    return Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"


def catalogues():
    found = []
    for code, name in settings.LANGUAGES:
        path = catalogue_path(code)
        if code == settings.LANGUAGE_CODE or not path.exists():
            continue
        po = polib.pofile(str(path))
        entries = [entry for entry in po if not entry.obsolete]
        found.append(
            Catalogue(
                code=code,
                name=name,
                name_local=get_language_info(code)["name_local"],
                status=po.metadata.get("X-Review-Status", "draft"),
                reviewed_by=po.metadata.get("X-Reviewed-By", ""),
                translated=sum(1 for entry in entries if entry.translated()),
                total=len(entries),
            )
        )
    return found


class InterfaceLanguagesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "localization/admin/interface_languages.html"
    page_title = "Interface languages"
    header_icon = "globe"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "catalogues": catalogues()}
