"""The UN Sustainable Development Goals and their targets, as shipped in ``data/sdg.json``.

``tools/build_sdg_data.py`` wrote the file once from open-sdg/sdg-translations (MIT); it says
where its texts come from. English is the UN's text; the other languages are drafts for native
review, as the catalogues are, and a target without a title in the active language is shown in
English. The data migration loads the goals and targets (``load_sdg``); the models
(``portal.models.SDGGoal``, ``SDGTarget``) read their names in the active language here.
"""

import functools
import json
import re
from pathlib import Path

from django.utils.translation import get_language, gettext

SDG_DATA = Path(__file__).resolve().parent / "data" / "sdg.json"
# A goal ("11") or a target ("11.2", "11.a"), as ``?sdg=`` takes them.
SDG_VALUE = re.compile(r"^(1[0-7]|[1-9])(\.([1-9][0-9]?|[a-z]))?$")


@functools.cache
def sdg_data():
    return json.loads(SDG_DATA.read_text(encoding="utf-8"))


@functools.cache
def _texts():
    data = sdg_data()
    goals = {str(goal["number"]): goal["short"] for goal in data["goals"]}
    targets = {target["code"]: target["title"] for target in data["targets"]}
    return goals, targets


def _in_language(texts):
    """(text, language): the text in the active language, else in English."""
    language = (get_language() or "en").split("-")[0]
    if language in texts:
        return texts[language], language
    return texts["en"], "en"


def goal_name(number):
    """(short name, its language) of goal ``number``."""
    return _in_language(_texts()[0][str(number)])


def goal_label(number):
    """ "SDG 11: Sustainable cities and communities", in the active language."""
    return gettext("SDG %(number)s: %(name)s") % {"number": number, "name": goal_name(number)[0]}


def goal_numbers():
    return [goal["number"] for goal in sdg_data()["goals"]]


def target_title(code):
    """(title, its language) of target ``code``."""
    return _in_language(_texts()[1][code])


class NamedByCode:
    """What the site shows of a target with a ``code``, read from the shipped data (no query):
    the badge ("SDG 11.2") and the title in the active language, and that title's language."""

    @property
    def badge(self):
        return gettext("SDG %(code)s") % {"code": self.code}

    @property
    def label(self):
        return target_title(self.code)[0]

    @property
    def label_language(self):
        return target_title(self.code)[1]


class TargetBadge(NamedByCode):
    """A target of a page, from the codes the page keeps (``sdg_codes``)."""

    def __init__(self, code):
        self.code = code


def load_sdg(goal_model, target_model):
    """Create or update the 17 goals and 169 targets (idempotent); the data migration passes
    its historical models."""
    data = sdg_data()
    for goal in data["goals"]:
        goal_model.objects.update_or_create(
            number=goal["number"], defaults={"title": goal["short"]["en"]}
        )
    for order, target in enumerate(data["targets"]):
        target_model.objects.update_or_create(
            code=target["code"],
            defaults={
                "goal_id": target["goal"],
                "title": target["title"]["en"],
                "sort_order": order,
            },
        )
