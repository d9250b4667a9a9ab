"""Translating a page through wagtail-localize from code: the demo seed and the tests use it.

It goes the way an editor's translation goes (a TranslationSource, a Translation into the
target locale, translated strings, ``save_target``), so the admin shows these translations,
their progress and their sync state like any other.
"""

from wagtail.models import Locale

from wagtail_localize.models import Translation, TranslationSource


class MissingTranslationError(Exception):
    pass


def translate_page(page, language_code, strings, publish=True, user=None):
    """Translate ``page`` into ``language_code``; ``strings`` maps each source text to its
    translation (the slug may be left out: it is kept). Returns the translated page, published
    or, with ``publish=False``, as a draft.
    """
    locale = Locale.objects.get(language_code=language_code)
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    strings = {page.slug: page.slug, **strings}
    missing = [entry.msgid for entry in po if not entry.obsolete and entry.msgid not in strings]
    if missing:
        raise MissingTranslationError(f"No {language_code} text for {missing[:3]} of “{page}”")
    for entry in po:
        entry.msgstr = strings.get(entry.msgid, entry.msgstr)
    translation.import_po(po, user=user)
    # As save_target does, but publishing now rather than when the transaction commits.
    target, _ = source.create_or_update_translation(
        locale, user=user, publish=False, copy_parent_pages=True
    )
    if publish:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target
