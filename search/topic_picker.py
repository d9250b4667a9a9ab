"""The officers' topic picker: Wagtail's tag field, offering the vocabulary's terms first.

An officer types in any of the ten languages ("ขย", "rác", "was") and is offered the term
("waste — ขยะ"); picking it stores the term's English key, so every language's search finds
the page through it (``search.vocabulary``). A word that names no term can still be typed: it
stays a free tag, listed for the secretariat under Reports › Topics to add to the vocabulary.
"""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import AdminTagWidget

from search.vocabulary import term_for, terms_starting

LIMIT = 10


def suggestions(request):
    """[{"label": shown, "value": the tag to store}, ...]: terms, then free tags in use."""
    typed = request.GET.get("term", "")[:100]
    offered = []
    for term, name in terms_starting(typed, LIMIT):
        own = term.name()
        shown = own if name.lower() in (own.lower(), term.key.lower()) else f"{own} — {name}"
        offered.append({"label": shown, "value": term.key})
    if typed.strip():
        in_use = Tag.objects.filter(name__istartswith=typed.strip()).order_by("name")
        for name in in_use.values_list("name", flat=True)[: LIMIT - len(offered)]:
            if term_for(name) is None:
                label = _("%(tag)s (not in the vocabulary yet)") % {"tag": name}
                offered.append({"label": label, "value": name})
    return JsonResponse(offered, safe=False)


class VocabularyTagWidget(AdminTagWidget):
    """The tag field of practices and challenges, whose suggestions come from ``suggestions``."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-w-tag-url-value"] = reverse("topic_suggestions")
        return context


def topics_panel():
    """The "Topics" field of the practice and challenge forms."""
    return FieldPanel(
        "topics",
        widget=VocabularyTagWidget,
        heading=gettext_lazy("Topics"),
        help_text=gettext_lazy(
            "Pick topics from the vocabulary, in any language. A new word is allowed: "
            "the secretariat is asked to add it."
        ),
    )
