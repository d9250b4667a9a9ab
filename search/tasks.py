"""Index updates that the search engine missed, tried again in the background.

Wagtail indexes a saved page through modelsearch's task, into every backend. When the search
engine does not answer, modelsearch logs the failure and moves on: the database backend has the
page, the engine does not. ``SegmentingElasticsearchMixin.add`` then queues ``index_again``, which
retries that one backend later with a growing delay, so nothing published is lost to an outage
and nobody has to run ``update_index`` afterwards.

Retrying needs a task backend that can run a task later: the database queue and its worker
(``TASKS_BACKEND=database``, ``make worker``). With the immediate backend of ``make run`` the
failure is logged and ``manage.py update_index`` catches up, as before.
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_instance

from django_tasks import default_task_backend, task

logger = logging.getLogger(__name__)

FIRST_DELAY_SECONDS = 2
RETRY_PRIORITY = -10
ATTEMPTS = 1000  # at the longest delay of a minute, about 16 hours of retries


def retry_delay(attempt):
    """2, 4, 8 … seconds, up to SEARCH_RETRY_MAX_SECONDS (a minute unless set)."""
    return min(FIRST_DELAY_SECONDS * 2 ** min(attempt, 16), settings.SEARCH_RETRY_MAX_SECONDS)


def schedule_retry(backend_alias, instance, attempt=0):
    """Queue another try of indexing ``instance`` into one backend, if the queue can wait."""
    if not default_task_backend.supports_defer:
        logger.warning(
            "Search index update of %r failed; run `manage.py update_index` once the search "
            "engine answers (the task backend cannot retry later)",
            instance,
        )
        return
    if attempt >= ATTEMPTS:
        logger.error("Gave up indexing %r after %d attempts: run update_index", instance, attempt)
        return
    run_after = timezone.now() + timedelta(seconds=retry_delay(attempt))
    # Below the default priority: while the engine is down, fresh updates (which also reach the
    # database backend) go before the retries that wait for it.
    index_again.using(run_after=run_after, priority=RETRY_PRIORITY).enqueue(
        backend_alias,
        instance._meta.app_label,
        instance._meta.model_name,
        str(instance.pk),
        attempt,
    )


@task()
def index_again(backend_alias, app_label, model_name, pk, attempt):
    model = apps.get_model(app_label, model_name)
    instance = model.objects.filter(pk=pk).first()
    indexed = instance and get_indexed_instance(instance)
    if not indexed:
        return "gone"
    backend = get_search_backend(backend_alias)
    try:
        if not backend.answering():
            raise ConnectionError("the search engine did not answer its last ping")
        backend.add_once(indexed)
    except Exception:  # noqa: BLE001 - an engine still down: try again later
        schedule_retry(backend_alias, indexed, attempt + 1)
        return "retry"
    return "indexed"
