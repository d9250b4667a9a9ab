"""Uploads: sizes, pixel bombs and file types are refused with a message; downloads are safe."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image

import pytest
from PIL import Image as PILImage

from cities.roles import city_collection
from tests.test_publishing import login

pytestmark = pytest.mark.django_db


def png(size, mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue()


def upload(kind, client, world, name, content):
    """POST ``content`` as a new image or document of the officer's city collection."""
    return client.post(
        reverse(f"wagtail{kind}s:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": city_collection(world["danang"]).pk,
        },
    )


def upload_image(*args):
    return upload("image", *args)


def upload_document(*args):
    return upload("doc", *args)


@pytest.fixture
def officer(client, world):
    login(client, world["officer"])
    return client


def refused_with(response, words):
    """The upload form came back with an error on the file that says ``words``."""
    errors = response.context["form"].errors.get("file", []) if response.context else []
    return response.status_code == 200 and any(words in error for error in errors)


def test_a_photo_is_accepted(officer, world):
    upload_image(officer, world, "bins.png", png((1200, 800)))
    assert Image.objects.filter(title="bins.png").exists()


def test_a_pixel_bomb_is_refused(officer, world):
    bomb = png((8000, 8000), mode="1")  # 64 megapixels in a few kilobytes
    assert len(bomb) < 200_000
    response = upload_image(officer, world, "bomb.png", bomb)
    assert refused_with(response, "too many pixels")
    assert not Image.objects.filter(title="bomb.png").exists()


def test_an_oversize_image_is_refused(officer, world):
    response = upload_image(officer, world, "huge.png", png((100, 100)) + b"\0" * 11_000_000)
    assert refused_with(response, "too big")
    assert not Image.objects.exists()


def test_svg_with_script_is_refused(officer, world):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload_image(officer, world, "map.svg", svg)
    assert refused_with(response, "Not a supported image format")
    assert not Image.objects.exists()


@pytest.mark.parametrize("name", ["page.html", "tool.exe", "archive.zip", "drawing.svg"])
def test_document_types_outside_the_list_are_refused(officer, world, name):
    response = upload_document(officer, world, name, b"<script>alert(1)</script>")
    assert refused_with(response, "is not allowed")
    assert not Document.objects.exists()


def test_documents_download_as_attachments_that_run_nothing(officer, world, client):
    upload_document(officer, world, "report.txt", b"<script>alert(1)</script>")
    document = Document.objects.get()
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
