"""The document library: text extraction from real files, hostile files, /documents/ with
facets, search inside documents down to the page, attachments, privacy and the API."""

import datetime
import time

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

import pytest

from cities.roles import ensure_secretariat_group, ensure_user
from documents import extraction
from documents.extraction import Status, read
from documents.models import DocumentIndexPage, DocumentPage, ExtractedText
from portal.models import FocalArea
from tests import document_files as files
from tests.conftest import sign_in
from tests.factories import CityPageFactory, PracticePageFactory

FILLER = "The city reviewed its annual budget and its transport services."
THAI_PHRASE = "ระบบเตือนภัยน้ำท่วมอัจฉริยะของเมือง"  # "the city's smart flood warning system"


def twelve_pages():
    """Fifteen pages; "geothermal" and the Thai phrase occur only on page 12."""
    pages = [f"Page {n}. {FILLER}" for n in range(1, 16)]
    pages[11] = f"Page 12. The district heating study found geothermal wells.\n{THAI_PHRASE}"
    return pages


# Extraction, in this process -------------------------------------------------------------------
def test_pdf_text_is_read_page_by_page():
    result = read(files.make_pdf(twelve_pages()), "pdf")
    assert result.status == Status.DONE
    assert result.page_count == 15
    by_number = dict(result.pages)
    assert "geothermal" in by_number[12]
    assert "geothermal" not in by_number[11]


def test_thai_text_survives_extraction():
    result = read(files.make_pdf([THAI_PHRASE]), "pdf")
    assert THAI_PHRASE in result.pages[0][1]


def test_both_columns_of_a_two_column_page_are_read():
    left = "Left column on drainage"
    right = "Right column on mangroves"
    text = read(files.make_pdf([[left, right]]), "pdf").pages[0][1]
    assert "drainage" in text
    assert "mangroves" in text


def test_a_scan_without_text_says_so():
    result = read(files.make_pdf([None, None]), "pdf")
    assert result.status == Status.NO_TEXT
    assert result.page_count == 2


def test_an_encrypted_pdf_is_refused():
    assert read(files.encrypted_pdf(), "pdf").status == Status.ENCRYPTED


@pytest.mark.parametrize("data", [b"%PDF-1.7\nnot really a pdf", b"", b"\x00" * 64])
def test_a_corrupt_pdf_is_unreadable(data):
    assert read(data, "pdf").status in {Status.UNREADABLE, Status.NO_TEXT}


def test_a_very_long_pdf_is_read_in_part():
    pages = [f"Page {n} on coastal resilience" for n in range(1, 501)]
    result = read(files.make_pdf(pages), "pdf")
    assert result.status == Status.PARTIAL
    assert result.page_count == 500
    assert len(result.pages) == extraction.MAX_PAGES


def test_a_zip_bomb_is_refused():
    assert read(files.zip_bomb_docx(), "docx").status == Status.UNREADABLE


@pytest.mark.parametrize(
    ("maker", "extension"),
    [(files.make_docx, "docx"), (files.make_odt, "odt"), (files.make_pptx, "pptx")],
)
def test_office_files_are_read(maker, extension):
    result = read(maker(["Smart mobility roadmap", "Bus rapid transit"]), extension)
    assert result.status == Status.DONE
    text = " ".join(text for _, text in result.pages)
    assert "roadmap" in text
    assert "transit" in text


def test_slides_are_pages():
    result = read(files.make_pptx(["First slide", "Second slide on drones"]), "pptx")
    assert dict(result.pages)[2] == "Second slide on drones"


def test_a_file_type_without_a_reader_is_unsupported():
    assert read(b"a,b\n1,2\n", "csv").status == Status.UNSUPPORTED


# Extraction, in the bounded child process ------------------------------------------------------
def test_the_child_process_reads_a_pdf():
    result = extraction.extract(files.make_pdf(twelve_pages()), "pdf")
    assert result.status == Status.DONE
    assert "geothermal" in dict(result.pages)[12]


def test_a_child_that_takes_too_long_is_stopped():
    started = time.monotonic()
    pages = [f"Page {n} on coastal resilience" for n in range(1, 301)]
    result = extraction.extract(files.make_pdf(pages), "pdf", timeout=0.05)
    assert result.status == Status.UNREADABLE
    assert "longer" in result.detail
    assert time.monotonic() - started < 10


# Uploads, the library and search ----------------------------------------------------------------
@pytest.fixture
def library(site):
    home = site["home"]
    return home.add_child(instance=DocumentIndexPage(title="Documents", slug="documents"))


def upload(data, name, collection=None, title=None):
    document = get_document_model()(
        title=title or name,
        file=ContentFile(data, name=name),
        collection=collection or Collection.get_first_root_node(),
    )
    document._set_document_file_metadata()
    document.save()
    return document


def add_library_document(home, capture, data=None):
    """The library under ``home`` with one published document (for other tests' fixtures)."""
    library = DocumentIndexPage.objects.child_of(home).first() or home.add_child(
        instance=DocumentIndexPage(title="Documents", slug="documents")
    )
    with capture(execute=True):
        page = library.add_child(
            instance=DocumentPage(
                title="Action plan",
                file=upload(data or files.make_pdf(twelve_pages()), "plan.pdf"),
                summary="A plan.",
                kind="action-plan",
                publisher="A city",
            )
        )
        page.save_revision().publish()
    return DocumentPage.objects.get(pk=page.pk)


@pytest.fixture
def add_document(library, django_capture_on_commit_callbacks):
    def add(data, name="plan.pdf", title="Bangkok action plan", kind="action-plan", **fields):
        relations = {key: fields.pop(key, []) for key in ("cities", "focal_areas", "languages")}
        with django_capture_on_commit_callbacks(execute=True):
            document = upload(data, name, fields.pop("collection", None))
            page = library.add_child(
                instance=DocumentPage(
                    title=title,
                    file=document,
                    summary="A plan of the city.",
                    kind=kind,
                    publisher="City of Bangkok",
                    **fields,
                )
            )
            for key, values in relations.items():
                getattr(page, key).set(values)
            page.save_revision().publish()
        return DocumentPage.objects.get(pk=page.pk)

    return add


@pytest.mark.django_db
@pytest.mark.search
@pytest.mark.parametrize("query", ["geothermal", "เตือนภัย"])
def test_a_word_on_page_12_is_found_with_its_page(client, add_document, query):
    document = add_document(files.make_pdf(twelve_pages()))
    add_document(files.make_pdf([FILLER]), name="other.pdf", title="Another plan")
    assert document.text_status == Status.DONE
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    results = list(response.context["results"])
    assert [page.title for page in results] == ["Bangkok action plan"]
    assert results[0].found.number == 12
    html = response.content.decode()
    assert f"{document.file.url}#page=12" in html
    assert "<mark>" in html
    # The document's page lists where the words are, with the same link.
    page = client.get(document.url, {"q": query})
    assert "#page=12" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.search
def test_a_reader_in_thai_gets_the_page_of_an_english_document(client, add_document):
    """With the interface in Thai, an English document is among the other languages' matches,
    with its page and passage as in the English results."""
    document = add_document(files.make_pdf(twelve_pages()))
    html = client.get("/th/search/", {"q": "geothermal"}).content.decode()
    others = html[html.index('id="other-languages-heading"') :]
    assert f"{document.file.url}#page=12" in others
    assert "<mark>" in others
    data = client.get("/api/search/", {"q": "geothermal", "language": "th"}).json()
    assert data["other_languages"][0]["page_number"] == 12


@pytest.mark.django_db
@pytest.mark.search
def test_search_api_gives_the_page_number(client, add_document):
    add_document(files.make_pdf(twelve_pages()))
    data = client.get("/api/search/", {"q": "geothermal", "type": "document"}).json()
    assert data["count"] == 1
    assert data["results"][0]["page_number"] == 12
    assert data["results"][0]["url_with_page"].endswith("#page=12")
    assert data["facets"]["type"][0]["value"] == "document"


@pytest.mark.django_db
def test_a_scanned_document_says_it_has_no_searchable_text(client, add_document):
    document = add_document(files.make_pdf([None]))
    assert document.text_status == Status.NO_TEXT
    assert "no searchable text" in client.get(document.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (files.encrypted_pdf(), "locked.pdf", "protected by a password"),
        (b"%PDF-1.7 broken", "broken.pdf", "could not be read"),
        (files.zip_bomb_docx(), "bomb.docx", "could not be read"),
    ],
    ids=["encrypted", "broken", "zip-bomb"],  # the encrypted file differs at each collection
)
def test_hostile_files_are_kept_and_explained(client, add_document, secretariat, data, name, words):
    document = add_document(data, name=name)
    assert document.file.file.size == len(data)  # the file is kept as uploaded
    response = client.get(document.url)
    assert response.status_code == 200
    assert words in response.content.decode()
    # The editor is told too, on the page's form.
    edit = reverse("wagtailadmin_pages:edit", args=[document.pk])
    assert words in sign_in(Client(), secretariat).get(edit).content.decode()


@pytest.mark.django_db
def test_a_long_document_is_partly_searchable_with_a_note(client, add_document):
    pages = [f"Page {n} on coastal resilience" for n in range(1, 501)]
    document = add_document(files.make_pdf(pages))
    assert document.extracted.pages_read == extraction.MAX_PAGES
    assert "Only the first 300 pages" in client.get(document.url).content.decode()


@pytest.mark.django_db
def test_a_new_file_is_read_again_and_a_title_edit_is_not(
    add_document, django_capture_on_commit_callbacks
):
    document = add_document(files.make_pdf(["First version on tramways"]))
    file = document.file
    read_at = document.extracted.extracted_at
    with django_capture_on_commit_callbacks(execute=True):
        file.title = "Renamed"
        file.save()
    assert ExtractedText.objects.get(document=file).extracted_at == read_at
    with django_capture_on_commit_callbacks(execute=True):
        file.file = ContentFile(files.make_pdf(["Second version on ferries"]), name="v2.pdf")
        file._set_document_file_metadata()
        file.save()
    text = ExtractedText.objects.get(document=file)
    assert "ferries" in text.pages.get().content


@pytest.mark.django_db
def test_the_library_lists_documents_with_facets(client, add_document):
    english = Locale.objects.get(language_code="en")
    safety = FocalArea.objects.get(slug="safety-security")
    add_document(
        files.make_pdf(["Plan"]),
        title="Plan A",
        kind="action-plan",
        published_on=datetime.date(2019, 5, 1),
        focal_areas=[safety],
        languages=[english],
    )
    add_document(files.make_pdf(["Report"]), name="r.pdf", title="Report B", kind="report")
    response = client.get("/documents/")
    assert response.status_code == 200
    facets = {facet.name: facet for facet in response.context["facets"]}
    assert {o.value: o.count for o in facets["kind"].options} == {"action-plan": 1, "report": 1}
    assert [o.value for o in facets["year"].options] == ["2019"]
    assert [o.value for o in facets["focal_area"].options] == ["safety-security"]
    assert [o.value for o in facets["language"].options] == ["en"]
    filtered = client.get("/documents/", {"kind": "report", "year": "nonsense"})
    assert [page.title for page in filtered.context["documents"]] == ["Report B"]
    assert "ignored unknown value" in filtered.content.decode()
    assert filtered.content.decode().count("<h1") == 1


@pytest.fixture
def secretariat(site):  # after ``site``: it restores the roles' permissions a flush removed
    return ensure_user("sec@ascn.example", ensure_secretariat_group(), "secretariat-password")[0]


@pytest.fixture
def private_collection(db):
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Internal")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.mark.django_db
@pytest.mark.search
def test_private_documents_never_show(client, add_document, private_collection, secretariat):
    add_document(files.make_pdf(["Public minutes on geothermal wells"]), title="Public minutes")
    private = add_document(
        files.make_pdf(["Internal draft on geothermal wells"]),
        name="internal.pdf",
        title="Internal draft",
        collection=private_collection,
    )
    assert [p.title for p in client.get("/documents/").context["documents"]] == ["Public minutes"]
    found = [p.title for p in client.get("/search/", {"q": "geothermal"}).context["results"]]
    assert found == ["Public minutes"]
    data = client.get("/api/search/", {"q": "geothermal"}).json()
    assert [r["title"] for r in data["results"]] == ["Public minutes"]
    assert client.get(private.url).status_code == 404
    api = client.get("/api/v2/pages/", {"type": "documents.DocumentPage"}).json()
    assert [item["title"] for item in api["items"]] == ["Public minutes"]
    sitemap = client.get("/sitemap.xml").content.decode()
    assert private.slug not in sitemap
    # The secretariat, signed in, reads the page the collection lets it see.
    assert sign_in(Client(), secretariat).get(private.url).status_code == 200


@pytest.mark.django_db
def test_the_file_of_a_draft_or_a_private_page_is_not_public(client, add_document, secretariat):
    """Its page hidden, the file is too: left out of /api/v2/documents/, not served to a
    visitor (an editor, who previews the draft, gets it)."""
    shown = add_document(files.make_pdf(["Public minutes"]), title="Public minutes")
    private = add_document(files.make_pdf(["Board minutes"]), name="board.pdf", title="Board")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = add_document(files.make_pdf(["Draft minutes"]), name="draft.pdf", title="Draft")
    draft.unpublish()
    listed = client.get("/api/v2/documents/").json()["items"]
    assert [item["id"] for item in listed] == [shown.file_id]
    assert client.get(shown.file.url).status_code == 200
    for hidden in (private, draft):
        assert client.get(hidden.file.url).status_code == 404
    assert sign_in(Client(), secretariat).get(draft.file.url).status_code == 200


@pytest.mark.django_db
def test_a_collection_made_private_leaves_the_cached_pages_at_once(
    client, settings, site, add_document, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 600
    city = CityPageFactory(parent=site["cities"], title="Bangkok", slug="bangkok")
    drafts = Collection.get_first_root_node().add_child(name="Drafts")
    add_document(
        files.make_pdf(["Plan"]), title="Draft action plan", cities=[city], collection=drafts
    )
    client.get(city.url)
    cached = client.get(city.url)
    assert cached["X-Cache"] == "hit"
    assert "Draft action plan" in cached.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(
            collection=drafts, restriction_type=CollectionViewRestriction.LOGIN
        )
    assert "Draft action plan" not in client.get(city.url).content.decode()


@pytest.mark.django_db
def test_cities_and_practices_show_their_documents(client, site, add_document):
    city = CityPageFactory(parent=site["cities"], title="Bangkok", slug="bangkok")
    practice = PracticePageFactory(parent=city, title="Flood sensors")
    assert "Sensor report" not in client.get(practice.url).content.decode()  # none attached yet
    add_document(files.make_pdf(["Plan"]), title="Bangkok smart city action plan", cities=[city])
    add_document(
        files.make_pdf(["Sensors"]), name="s.pdf", title="Sensor report", practices=[practice]
    )
    assert "Bangkok smart city action plan" in client.get(city.url).content.decode()
    assert "Sensor report" in client.get(practice.url).content.decode()


@pytest.mark.django_db
def test_the_api_describes_documents(client, add_document):
    add_document(files.make_pdf(["Plan"]), published_on=datetime.date(2021, 3, 4))
    data = client.get("/api/v2/pages/", {"type": "documents.DocumentPage", "fields": "*"}).json()
    item = data["items"][0]
    assert item["kind"] == "action-plan"
    assert item["text_status"] == "done"
    assert item["file_url"].endswith(".pdf")


@pytest.mark.django_db
def test_queries_stay_flat_from_5_to_50_documents(client, add_document):
    """The library and a search that finds documents (one set of documents for both: each
    upload is read, which takes a moment)."""
    routes = ("/documents/", "/search/?q=plan")

    def count_queries(route):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(route)  # warm the caches of locales and sites
        with CaptureQueriesContext(connection) as captured:
            assert client.get(route).status_code == 200
        return len(captured)

    for n in range(5):
        add_document(files.make_pdf([f"plan {n}"]), name=f"{n}.pdf", title=f"Plan {n}")
    few = {route: count_queries(route) for route in routes}
    for n in range(5, 50):
        add_document(files.make_pdf([f"plan {n}"]), name=f"{n}.pdf", title=f"Plan {n}")
    more = {route: count_queries(route) for route in routes}
    assert all(more[route] <= few[route] for route in routes), (few, more)


@pytest.mark.django_db
def test_the_library_needs_no_javascript_and_labels_its_filters(client, add_document):
    add_document(files.make_pdf(["Plan"]))
    html = client.get("/documents/").content.decode()
    assert 'aria-label="Filters"' in html
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]


@pytest.mark.django_db
def test_the_secretariat_makes_a_private_collection(secretariat, world):
    """A private collection is how the library keeps a document internal: the secretariat
    creates one; a city's officer cannot."""
    signed_in = sign_in(Client(), secretariat)
    root = Collection.get_first_root_node()
    response = signed_in.post("/admin/collections/add/", {"name": "Internal", "parent": root.pk})
    assert response.status_code == 302
    assert Collection.objects.filter(name="Internal").exists()
    officer = sign_in(Client(), world["officer"])
    assert officer.get("/admin/collections/add/").status_code == 302
    officer.post("/admin/collections/add/", {"name": "Mine", "parent": root.pk})
    assert not Collection.objects.filter(name="Mine").exists()
