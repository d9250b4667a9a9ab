"""The shared taxonomy facts (member states, focal areas) from the project's copy of ascn.json."""

import json
from pathlib import Path

ASCN_FACTS = Path(__file__).resolve().parent / "data" / "ascn.json"


def load_taxonomy(country_model, focal_area_model):
    """Create or update the 11 member states and the six focal areas (idempotent).

    Takes the model classes so that the data migration can pass its historical models.
    """
    facts = json.loads(ASCN_FACTS.read_text(encoding="utf-8"))
    for state in facts["member_states"]:
        country_model.objects.update_or_create(
            code=state["code"],
            defaults={
                "name": state["name"],
                "languages": ",".join(state["languages"]),
                "note": state.get("note", ""),
            },
        )
    for order, area in enumerate(facts["framework"]["focal_areas"]):
        focal_area_model.objects.update_or_create(
            slug=area["slug"], defaults={"name": area["name"], "sort_order": order}
        )
