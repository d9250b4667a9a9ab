"""Wagtail API v2 at /api/v2/: pages (with their structured fields), images and documents."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class PortalPagesAPIViewSet(PagesAPIViewSet):
    """Pages, with what a page type's API fields need fetched in bulk (``api_related``)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        select, prefetch = getattr(queryset.model, "api_related", ((), ()))
        return queryset.select_related(*select).prefetch_related(*prefetch)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
