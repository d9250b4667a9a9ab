"""The shared taxonomy facts (member states, focal areas) from the project's copy of ascn.json."""

import json
from pathlib import Path

ASCN_FACTS = Path(__file__).resolve().parent / "data" / "ascn.json"


def load_taxonomy(country_model, focal_area_model):
    """Create or update the 11 member states and the six focal areas (idempotent).

    Takes the model classes so that the data migration can pass its historical models.
    """
    facts = json.loads(ASCN_FACTS.read_text(encoding="utf-8"))
    # A data migration older than the income group passes a Country without the field.
    has_income = "income_group" in {field.name for field in country_model._meta.get_fields()}
    for state in facts["member_states"]:
        defaults = {
            "name": state["name"],
            "languages": ",".join(state["languages"]),
            "note": state.get("note", ""),
        }
        if has_income and state.get("income_group"):
            defaults["income_group"] = state["income_group"]
            defaults["income_group_source"] = facts["income_groups_source"]["url"]
        country_model.objects.update_or_create(code=state["code"], defaults=defaults)
    for order, area in enumerate(facts["framework"]["focal_areas"]):
        focal_area_model.objects.update_or_create(
            slug=area["slug"], defaults={"name": area["name"], "sort_order": order}
        )
