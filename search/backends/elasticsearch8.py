from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend

from search.backends import SegmentingElasticsearchMixin


class SearchBackend(SegmentingElasticsearchMixin, Elasticsearch8SearchBackend):
    """Wagtail's elasticsearch8 backend, segmenting queries and folding accents."""
