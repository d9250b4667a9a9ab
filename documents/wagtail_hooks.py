"""A file of the library is downloaded by whom its document pages are shown to."""

from django.http import Http404

from wagtail import hooks

from documents.models import DocumentPage


@hooks.register("before_serve_document")
def serve_only_what_its_pages_show(document, request):
    """A file that belongs to document pages is served when one of them is live and shown to
    this request (a private page's restriction applies to its file too), or to an editor, who
    previews drafts. Files of rich text, with no document page, follow their collection, as
    Wagtail decides already."""
    pages = DocumentPage.objects.filter(file=document)
    if not pages.exists() or request.user.has_perm("wagtailadmin.access_admin"):
        return None
    for page in pages.filter(live=True):
        if all(restriction.accept_request(request) for restriction in page.get_view_restrictions()):
            return None
    raise Http404
