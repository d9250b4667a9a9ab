"""Generate practices marked as generated, spread over the real cities, in several languages;
and, for large corpora, library documents with their text.

``python -m bench.generate <total>`` migrates the database of DATABASE_URL, loads the demo
content and adds generated practices until there are ``total``, and generated documents until
there are ``bench.documents_for(total)`` (10,000 from 10,000 practices on, or BENCH_DOCUMENTS).
"""

import datetime
import hashlib
import random
import sys
from collections import defaultdict
from contextlib import contextmanager

import django

if __name__ == "__main__":
    django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.documents import get_document_model  # noqa: E402
from wagtail.models import Collection, Page  # noqa: E402
from wagtail.search.backends import get_search_backends  # noqa: E402
from wagtail.signal_handlers import disable_reference_index_auto_update  # noqa: E402

from bench import DOCUMENT_WORD, documents_for  # noqa: E402
from cities.models import CityPage  # noqa: E402
from documents.models import (  # noqa: E402
    DocumentIndexPage,
    DocumentKind,
    DocumentPage,
    ExtractedPage,
    ExtractedText,
    ExtractionStatus,
    indexed_words,
)
from documents.models import Provenance as DocumentProvenance  # noqa: E402
from portal.models import FocalArea  # noqa: E402
from practices.models import PracticePage, PracticeStatus, Provenance  # noqa: E402
from tests.document_files import make_pdf  # noqa: E402
from tests.search_corpus import CORPUS  # noqa: E402

TOPICS = {language: data["fillers"] + [data["word"]] for language, data in CORPUS.items()}
NO_AUTO_INDEX = {"default": {"BACKEND": "search.backends", "AUTO_UPDATE": False}}
FocalAreaLink = PracticePage.focal_areas.through
DocumentCityLink = DocumentPage.cities.through
DocumentAreaLink = DocumentPage.focal_areas.through
NO_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
# A document's text is made of the languages' filler words only, never their search word
# ("waste" …): the other search rows find as many results with documents as without.
FILLERS = {language: data["fillers"] for language, data in CORPUS.items()}
SHARED_FILE = "documents/bench-generated.pdf"
BATCH = 500


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def random_month(rng):
    return datetime.date(rng.randint(2012, 2025), rng.randint(1, 12), 1)


def generated_page(model, number, words, **fields):
    """An unsaved page of ``model`` marked as generated, named after two of its three ``words``."""
    return model(
        title=f"Generated {model._meta.verbose_name} {number}: {words[0]} {words[1]}",
        slug=f"generated-{number}",
        summary=f"Generated for benchmarks. {' '.join(words)}.",
        **fields,
    )


def make_practice(number, rng, areas):
    language = rng.choice(sorted(TOPICS))
    words = rng.sample(TOPICS[language], 3)
    start = random_month(rng)
    page = generated_page(
        PracticePage,
        number,
        words,
        status=rng.choice(PracticeStatus.values),
        start_date=start,
        approach=paragraph(" ".join(rng.choices(TOPICS[language], k=12))),
        provenance=Provenance.GENERATED,
    )
    return page, rng.sample(areas, rng.randint(1, 3))


def append_children(parent, pages):
    """Save ``pages`` as the last children of ``parent``, in order.

    What treebeard's ``add_child`` does for one page (lock the parent, find its last child,
    count it), done once for the batch; each page saved without ``full_clean`` (generated
    pages are valid by construction, and validation is a third of the time of a save) and
    without an entry in the audit log.
    """
    siblings = Page.objects.child_of(parent)  # not get_children(): it trusts numchild
    last = siblings.order_by("path").last()
    step = last._get_lastpos_in_path() if last else 0
    for page in pages:
        step += 1
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page._cached_parent_obj = parent  # Page.save sets url_path from the parent
        page.save(clean=False, log_action=None)
    parent.numchild = siblings.count()
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild)


def published_at(number):
    return datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(minutes=number)


@contextmanager
def generating():
    """The search index is rebuilt once at the end, so index updates (and the documents' text
    extraction) are not even queued. The reference index (the admin's "usage" of focal areas) is
    not kept for generated pages: it is not served."""
    with (
        override_settings(WAGTAILSEARCH_BACKENDS=NO_AUTO_INDEX, TASKS=NO_TASKS),
        disable_reference_index_auto_update(),
    ):
        yield


def ensure_practices(total):
    """Add generated practices until there are ``total``; how many were added."""
    existing = PracticePage.objects.filter(provenance=Provenance.GENERATED).count()
    if existing >= total:
        return 0
    rng = random.Random(existing)  # noqa: S311 - reproducible test data, not security
    cities = list(CityPage.objects.filter(locale__language_code="en"))
    areas = list(FocalArea.objects.all())
    for start in range(existing, total, BATCH):
        batch = defaultdict(list)
        for number in range(start, min(start + BATCH, total)):
            page, chosen = make_practice(number, rng, areas)
            page.first_published_at = page.last_published_at = published_at(number)
            batch[cities[number % len(cities)]].append((page, chosen))
        with transaction.atomic():
            for city, pages in batch.items():
                append_children(city, [page for page, _ in pages])
            # The focal areas in one insert, not one commit of the relation per page.
            FocalAreaLink.objects.bulk_create(
                FocalAreaLink(practicepage=page, focalarea=area)
                for pages in batch.values()
                for page, chosen in pages
                for area in chosen
            )
    return total - existing


def make_document(number, rng, cities, areas):
    """An unsaved DocumentPage, the text of each of its pages, its city and focal areas.

    Every 20th document has ``DOCUMENT_WORD`` on one of its pages (never in its title or
    summary), so "search with documents" finds 500 of 10,000 through their text alone.
    """
    language = rng.choice(sorted(FILLERS))
    fillers = FILLERS[language]
    pages = [" ".join(rng.choices(fillers, k=40)) for _ in range(rng.randint(2, 12))]
    if number % 20 == 0:
        pages[rng.randrange(len(pages))] += f" {DOCUMENT_WORD}"
    city = cities[number % len(cities)]
    published_on = random_month(rng)
    page = generated_page(
        DocumentPage,
        number,
        rng.sample(fillers, 3),
        kind=rng.choice(DocumentKind.values),
        publisher=city.title,
        published_on=published_on,
        provenance=DocumentProvenance.GENERATED,
    )
    page.first_published_at = page.last_published_at = published_at(number)
    return page, pages, city, rng.sample(areas, rng.randint(1, 2))


def shared_file():
    """The one real PDF every generated document's file points to: name, size, SHA-1."""
    if not default_storage.exists(SHARED_FILE):
        data = make_pdf([f"Generated for benchmarks, page {n}." for n in (1, 2)])
        default_storage.save(SHARED_FILE, ContentFile(data))
    with default_storage.open(SHARED_FILE) as handle:
        data = handle.read()
    return len(data), hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's file_hash is SHA-1


def ensure_documents(total):
    """Add generated documents to the library until there are ``total``; how many were added.

    Their text is generated directly, not read from files: writing and parsing 10,000 PDFs would
    time the extraction (tests/test_documents.py tests it on real PDFs), and the bench measures
    search. It is stored as ``documents.tasks.extract_text`` stores what it reads: an
    ``ExtractedText`` per file and an ``ExtractedPage`` per page, its words cut by
    ``indexed_words``. Files, texts and pages go in with bulk inserts, no task and no signal.
    """
    existing = DocumentPage.objects.filter(provenance=DocumentProvenance.GENERATED).count()
    if existing >= total:
        return 0
    rng = random.Random(existing)  # noqa: S311 - reproducible test data, not security
    library = DocumentIndexPage.objects.filter(locale__language_code="en").first()
    cities = list(CityPage.objects.filter(locale__language_code="en"))
    areas = list(FocalArea.objects.all())
    size, digest = shared_file()
    collection = Collection.get_first_root_node()
    Document = get_document_model()
    for start in range(existing, total, BATCH):
        made = [
            make_document(n, rng, cities, areas) for n in range(start, min(start + BATCH, total))
        ]
        with transaction.atomic():
            files = Document.objects.bulk_create(
                Document(
                    title=page.title,
                    file=SHARED_FILE,
                    collection=collection,
                    file_size=size,
                    file_hash=digest,
                )
                for page, *_ in made
            )
            texts = ExtractedText.objects.bulk_create(
                ExtractedText(
                    document=file,
                    file_hash=digest,
                    status=ExtractionStatus.DONE,
                    page_count=len(pages),
                    pages_read=len(pages),
                    extracted_at=timezone.now(),
                )
                for file, (_, pages, *_) in zip(files, made, strict=True)
            )
            ExtractedPage.objects.bulk_create(
                ExtractedPage(
                    text=text, number=number, content=content, words=indexed_words(content)
                )
                for text, (_, pages, *_) in zip(texts, made, strict=True)
                for number, content in enumerate(pages, start=1)
            )
            for file, (page, *_) in zip(files, made, strict=True):
                page.file = file
            append_children(library, [page for page, *_ in made])
            DocumentCityLink.objects.bulk_create(
                DocumentCityLink(documentpage=page, citypage=city) for page, _, city, _ in made
            )
            DocumentAreaLink.objects.bulk_create(
                DocumentAreaLink(documentpage=page, focalarea=area)
                for page, *_, chosen in made
                for area in chosen
            )
    return total - existing


def index_added(models_and_first_ids):
    """Index what this run added, in bulk: ``update_index`` would index every page again, even
    when only the documents are new (bench/results/measured-in-code.md)."""
    for backend in get_search_backends():
        for model, first_id in models_and_first_ids:
            added = model.get_indexed_objects().filter(pk__gt=first_id).order_by("pk")
            for start in range(0, added.count(), BATCH):
                backend.add_bulk(model, list(added[start : start + BATCH]))


def ensure_corpus(total, documents=0):
    """The demo content, ``total`` generated practices and ``documents`` generated documents,
    each added page and file indexed."""
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    models = (PracticePage, DocumentPage, get_document_model())
    last_ids = [(model, model.objects.aggregate(last=Max("pk"))["last"] or 0) for model in models]
    with generating():
        added = ensure_practices(total) + ensure_documents(documents)
    if added:
        index_added(last_ids)
    return added


if __name__ == "__main__":
    size = int(sys.argv[1])
    ensure_corpus(size, documents_for(size))
    print(
        f"{PracticePage.objects.filter(provenance=Provenance.GENERATED).count()} practices, "
        f"{DocumentPage.objects.filter(provenance=DocumentProvenance.GENERATED).count()} documents"
    )
