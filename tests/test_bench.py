"""The bench's generated library (bench/generate.py): documents whose text is stored as an
upload's is stored, found by a word of that text like uploaded ones, at the page it is on."""

from wagtail.documents import get_document_model

import pytest

from bench import DOCUMENT_WORD
from bench.generate import ensure_documents, generating, index_added
from documents.models import DocumentIndexPage, DocumentPage, ExtractedPage


@pytest.mark.django_db
def test_generated_documents_are_found_by_a_word_only_in_their_text(client, world):
    world["site"]["home"].add_child(instance=DocumentIndexPage(title="Documents", slug="documents"))
    with generating():  # nothing is indexed meanwhile
        assert ensure_documents(41) == 41
        assert ensure_documents(41) == 0  # a filled corpus is reused, not filled again
    index_added([(DocumentPage, 0), (get_document_model(), 0)])
    holding = {
        row.text.document_id: row.number
        for row in ExtractedPage.objects.filter(
            words__contains=f" {DOCUMENT_WORD} "
        ).select_related("text")
    }
    assert len(holding) == 3  # one document in twenty: 0, 20 and 40

    response = client.get("/search/", {"q": DOCUMENT_WORD})
    results = list(response.context["results"])
    assert {page.file_id: page.found.number for page in results} == holding
    assert not [page for page in results if DOCUMENT_WORD in page.title + page.summary]
    first = results[0]
    assert f"{first.file.url}#page={first.found.number}" in response.content.decode()
    assert "Download the document (PDF" in client.get(first.url).content.decode()
    # The other search rows' word is in no generated document.
    waste = client.get("/search/", {"q": "waste"}).context["results"]
    assert not [page for page in waste if isinstance(page, DocumentPage)]
