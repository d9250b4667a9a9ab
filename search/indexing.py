"""Keeping the search index in step with what a save really stored.

modelsearch indexes a page on ``post_save``, but modelcluster stores a page's parental relations
(focal areas, topics, partners) after that signal: the document sent to the search engine would
miss them, and OpenSearch filters and facets read nothing else. Pages whose search fields read
such relations index themselves again once everything is stored (``IndexedWithRelations``).
The update goes through modelsearch's own background task, like every other index update.
"""

from modelsearch.tasks import insert_or_update_object_task


def index_again(model, pk):
    """Queue the index update of one object of ``model``."""
    insert_or_update_object_task.enqueue(model._meta.app_label, model._meta.model_name, str(pk))


class IndexedWithRelations:
    """For page models whose ``search_fields`` read ``ParentalKey`` or ``ParentalManyToMany``."""

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        index_again(type(self), self.pk)
        return result
