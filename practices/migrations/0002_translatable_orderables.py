"""Indicators, partners and sources become translatable with their practice (wagtail-localize).

Each existing row gets its page's locale and a translation key of its own, then the fields
become required, as Wagtail's TranslatableMixin declares them.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("practiceindicator", "practicepartner", "practicesource")


def fill_locale_and_key(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("practices", name)
        for row in model.objects.select_related("page").iterator():
            row.locale_id = row.page.locale_id
            row.translation_key = uuid.uuid4()
            row.save(update_fields=["locale", "translation_key"])


def operations():
    added, required, unique = [], [], []
    for name in MODELS:
        added += [
            migrations.AddField(
                model_name=name,
                name="locale",
                field=models.ForeignKey(
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="wagtailcore.locale",
                    verbose_name="locale",
                ),
            ),
            migrations.AddField(
                model_name=name,
                name="translation_key",
                field=models.UUIDField(editable=False, null=True),
            ),
        ]
        required += [
            migrations.AlterField(
                model_name=name,
                name="locale",
                field=models.ForeignKey(
                    editable=False,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="wagtailcore.locale",
                    verbose_name="locale",
                ),
            ),
            migrations.AlterField(
                model_name=name,
                name="translation_key",
                field=models.UUIDField(default=uuid.uuid4, editable=False),
            ),
        ]
        unique.append(
            migrations.AlterUniqueTogether(
                name=name, unique_together={("translation_key", "locale")}
            )
        )
    return [
        *added,
        migrations.RunPython(fill_locale_and_key, migrations.RunPython.noop),
        *required,
        *unique,
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = operations()
