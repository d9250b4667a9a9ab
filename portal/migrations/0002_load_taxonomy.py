"""Load the 11 member states and the six focal areas from the project's copy of ascn.json."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "ascn.json"


def load(apps, schema_editor):
    Country = apps.get_model("portal", "Country")
    FocalArea = apps.get_model("portal", "FocalArea")
    facts = json.loads(DATA.read_text(encoding="utf-8"))
    for state in facts["member_states"]:
        Country.objects.update_or_create(
            code=state["code"],
            defaults={
                "name": state["name"],
                "languages": ",".join(state["languages"]),
                "note": state.get("note", ""),
            },
        )
    for order, area in enumerate(facts["framework"]["focal_areas"]):
        FocalArea.objects.update_or_create(
            slug=area["slug"], defaults={"name": area["name"], "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
