from wagtail.search.backends.elasticsearch9 import Elasticsearch9SearchBackend

from search.backends import SegmentingElasticsearchMixin


class SearchBackend(SegmentingElasticsearchMixin, Elasticsearch9SearchBackend):
    """Wagtail's elasticsearch9 backend, segmenting queries and folding accents."""
