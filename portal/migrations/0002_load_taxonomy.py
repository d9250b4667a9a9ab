"""Load the 11 member states and the six focal areas from the project's copy of ascn.json."""

from django.db import migrations

from portal.taxonomy import load_taxonomy


def load(apps, schema_editor):
    load_taxonomy(apps.get_model("portal", "Country"), apps.get_model("portal", "FocalArea"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
