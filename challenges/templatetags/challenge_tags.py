"""``{% challenges_facing page %}``: on a practice page, the challenges of other cities it matches.

The practice template names this tag rather than practices importing challenges, which sit above
practices in the layers (docs/architecture.md)."""

from django import template

from challenges.facing import challenges_facing as find

register = template.Library()


@register.inclusion_tag("challenges/includes/facing.html", takes_context=True)
def challenges_facing(context, practice):
    preview = getattr(context.get("request"), "is_preview", False)
    return {"facing": find(practice, preview=preview)}
