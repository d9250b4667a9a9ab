"""What a backup must keep, as JSON: ``python -m tests.content_snapshot`` prints it for the
database of DATABASE_URL, so a restored copy can be compared with its source (test_backup.py)."""

import hashlib
import json

import django


def snapshot():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from practices.models import PracticePage

    def digest(field):
        with field.open("rb") as file:
            return hashlib.sha256(file.read()).hexdigest()

    return {
        "pages": {
            page.url_path: [page.title, page.live, page.has_unpublished_changes]
            for page in Page.objects.all()
        },
        "revisions": {
            page.url_path: [r.content["title"] for r in page.revisions.order_by("created_at")]
            for page in Page.objects.all()
        },
        "focal areas": {
            practice.url_path: sorted(area.slug for area in practice.focal_areas.all())
            for practice in PracticePage.objects.all()
        },
        "hero images": {
            practice.url_path: practice.hero_image.title if practice.hero_image else None
            for practice in PracticePage.objects.all()
        },
        "images": {image.title: digest(image.file) for image in get_image_model().objects.all()},
        "documents": {doc.title: digest(doc.file) for doc in get_document_model().objects.all()},
    }


if __name__ == "__main__":
    django.setup()
    print(json.dumps(snapshot()))
