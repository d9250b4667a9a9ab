"""Load the 17 SDGs and their 169 targets from the project's copy of sdg.json."""

from django.db import migrations

from portal.sdg import load_sdg


def load(apps, schema_editor):
    load_sdg(apps.get_model("portal", "SDGGoal"), apps.get_model("portal", "SDGTarget"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_sdg_targets")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
