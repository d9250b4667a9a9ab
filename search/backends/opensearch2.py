from wagtail.search.backends.opensearch2 import OpenSearch2SearchBackend

from search.backends import SegmentingElasticsearchMixin


class SearchBackend(SegmentingElasticsearchMixin, OpenSearch2SearchBackend):
    """Wagtail's opensearch2 backend, segmenting queries and folding accents."""
