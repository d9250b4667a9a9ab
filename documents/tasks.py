"""Reading the text of an uploaded document in the background (django-tasks).

``extract_text`` runs once per uploaded or replaced file: it reads the file in a bounded child
process (``documents.extraction``), stores each page's text and words, and queues the index
update of every document page that shows the file. The upload itself answers at once; with the
database queue (``TASKS_BACKEND=database``) a worker does the reading. Whatever the file holds,
the task ends with a status the page can explain, never with an exception.
"""

import logging

from django.db import transaction
from django.utils import timezone

from wagtail.documents import get_document_model

from django_tasks import task

from documents.extraction import Status, extract
from documents.models import DocumentPage, ExtractedPage, ExtractedText, indexed_words
from search.indexing import index_again

logger = logging.getLogger(__name__)


def queue_extraction(document):
    """Mark ``document``'s text as pending and read it once the upload is committed."""
    ExtractedText.objects.update_or_create(
        document=document,
        defaults={"status": "pending", "page_count": 0, "pages_read": 0},
    )
    transaction.on_commit(lambda: extract_text.enqueue(document.pk))


@task()
def extract_text(document_id):
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    extension = document.file_extension.lower()
    try:
        with document.open_file() as handle:
            data = handle.read()
    except OSError as error:
        logger.warning("Document %s: file not readable (%s)", document_id, error)
        data = None
    if data is None:
        result_status, pages, page_count = Status.UNREADABLE, [], 0
    else:
        result = extract(data, extension)
        if result.detail:
            logger.warning("Document %s (%s): %s", document_id, document.title, result.detail)
        result_status, pages, page_count = result.status, result.pages, result.page_count
    with transaction.atomic():
        text, _ = ExtractedText.objects.update_or_create(
            document=document,
            defaults={
                "file_hash": document.file_hash,
                "status": result_status,
                "page_count": page_count,
                "pages_read": len(pages),
                "extracted_at": timezone.now(),
            },
        )
        text.pages.all().delete()
        ExtractedPage.objects.bulk_create(
            ExtractedPage(text=text, number=number, content=content, words=indexed_words(content))
            for number, content in pages
            if content
        )
    for page_id in DocumentPage.objects.filter(file=document).values_list("pk", flat=True):
        index_again(DocumentPage, page_id)
    return result_status
