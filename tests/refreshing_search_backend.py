"""The OpenSearch backend of the test pass: each write is searchable when it returns.

OpenSearch makes new documents searchable at its next refresh (every second). A person
publishing a page does not notice; a test that publishes and searches in the same millisecond
would. This backend refreshes the index after each write, which is what OpenSearch's
``refresh=wait_for`` does for a client that needs it. It is named only by the test settings.
"""

from search.backends.opensearch2 import SearchBackend as PortalOpenSearch


class SearchBackend(PortalOpenSearch):
    def add(self, obj):
        super().add(obj)
        self.get_index_for_model(type(obj)).refresh()

    def add_bulk(self, model, obj_list):
        super().add_bulk(model, obj_list)
        self.get_index_for_model(model).refresh()

    def delete(self, obj):
        super().delete(obj)
        self.get_index_for_model(type(obj)).refresh()
