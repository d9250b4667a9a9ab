"""Background tasks held during a bulk load, and queued once each at its end."""

from contextlib import contextmanager

from django.apps import apps
from django.test.utils import override_settings

from modelsearch.tasks import insert_or_update_object_task
from wagtail.tasks import update_reference_index_task

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

HOLDING_BACKEND = "django_tasks.backends.dummy.DummyBackend"
# Tasks that bring what is stored about one object, named by (app label, model name, pk), up to
# date with the object as it is when they run.
OBJECT_REFRESHES = {
    task.module_path for task in (insert_or_update_object_task, update_reference_index_task)
}


@contextmanager
def tasks_held_and_coalesced():
    """Hold the tasks queued inside the block; at its end queue them, each refresh once.

    A bulk load saves each page several times (created, revised, published, translated), and
    every save queues its search-index and reference-index refresh. Run once after the last
    save, a refresh stores the same for a third of the work (``seed_demo``: 2,034 tasks, 700
    distinct); an object deleted meanwhile (a replaced inline row) needs none. Other tasks are
    queued as they came. Django's ``override_settings`` swaps the task backend for the block:
    django-tasks listens for it.
    """
    with override_settings(TASKS={DEFAULT_TASK_BACKEND_ALIAS: {"BACKEND": HOLDING_BACKEND}}):
        yield
        held = task_backends[DEFAULT_TASK_BACKEND_ALIAS].results
    refreshed = set()
    for result in held:
        if result.task.module_path in OBJECT_REFRESHES:
            app_label, model_name, pk = result.args
            key = (result.task.module_path, app_label, model_name, str(pk))
            if key in refreshed:
                continue
            refreshed.add(key)
            if not apps.get_model(app_label, model_name).objects.filter(pk=pk).exists():
                continue
        result.task.enqueue(*result.args, **result.kwargs)
