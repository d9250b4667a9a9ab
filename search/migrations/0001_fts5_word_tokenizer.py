"""SQLite only: rebuild the FTS5 search table with a tokenizer that keeps combining marks.

Wagtail creates ``wagtailsearch_indexentry_fts`` with FTS5's default ``unicode61`` tokenizer, which
treats Thai, Lao, Khmer and Burmese vowel marks as separators and so cuts words apart (``ตัด``
then matches ``ติด``). Counting marks (M*) as part of words, and folding Latin diacritics, keeps
the words that ``search.segmentation`` produced intact. A test guards this DDL.
"""

from django.db import migrations

FTS_TABLE = "wagtailsearch_indexentry_fts"
TOKENIZER = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"


def rebuild_fts_table(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        if cursor.fetchone() is None:  # SQLite built without FTS5: Wagtail uses its fallback
            return
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            f'autocomplete, body, title, tokenize="{TOKENIZER}")'
        )
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, title, body, autocomplete) "
            "SELECT id, title, body, autocomplete FROM wagtailsearch_indexentry"
        )


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]
    operations = [migrations.RunPython(rebuild_fts_table, migrations.RunPython.noop)]
