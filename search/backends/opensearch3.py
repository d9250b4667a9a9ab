from wagtail.search.backends.opensearch3 import OpenSearch3SearchBackend

from search.backends import SegmentingElasticsearchMixin


class SearchBackend(SegmentingElasticsearchMixin, OpenSearch3SearchBackend):
    """Wagtail's opensearch3 backend, segmenting queries and folding accents."""
