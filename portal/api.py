"""Wagtail API v2 at /api/v2/: pages (with their structured fields), images and documents."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import get_page_models

MAX_OFFSET = 1_000_000


class BoundedOffsetMixin:
    """Wagtail checks that ``offset`` is not negative but not that it fits the database's
    integers: ``?offset=99999999999999999999`` was a 500 (found by make bench's hostile replay)."""

    def listing_view(self, request):
        offset = request.GET.get("offset", "")
        if offset.isdecimal() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset must be at most {MAX_OFFSET:,}")
        return super().listing_view(request)


class PortalPagesAPIViewSet(BoundedOffsetMixin, PagesAPIViewSet):
    """Pages, with what a page type's API fields need fetched in bulk (``api_related``) or
    counted in the same query (``api_annotate``)."""

    def get_queryset(self):
        # A page type may keep some of its live, public pages out (``api_hidden_ids``: e.g. a
        # document page whose file is in a private collection).
        queryset = without_hidden(super().get_queryset(), "api_hidden_ids")
        select, prefetch = getattr(queryset.model, "api_related", ((), ()))
        queryset = queryset.select_related(*select).prefetch_related(*prefetch)
        annotate = getattr(queryset.model, "api_annotate", None)  # e.g. counts of a listing
        return annotate(queryset) if annotate else queryset


def without_hidden(queryset, name):
    """``queryset`` without the ids each page model's class method ``name`` gives."""
    for model in get_page_models():
        hidden = model.__dict__.get(name)
        if hidden is not None:
            queryset = queryset.exclude(pk__in=hidden.__get__(None, model)())
    return queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)


class PortalImagesAPIViewSet(BoundedOffsetMixin, ImagesAPIViewSet):
    pass


class PortalDocumentsAPIViewSet(BoundedOffsetMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        # Page types with files name those of pages a visitor may not see (``api_hidden_file_ids``:
        # the file of a draft or of a private page).
        return without_hidden(super().get_queryset(), "api_hidden_file_ids")


api_router.register_endpoint("images", PortalImagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)
