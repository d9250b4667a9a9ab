"""Bulk loads (``seed_demo``) hold their background tasks and refresh each object once."""

from wagtail.search.backends import get_search_backend

import pytest
from django_tasks.backends.dummy import DummyBackend
from django_tasks.signals import task_enqueued

from ops.tasks import tasks_held_and_coalesced
from practices.models import PracticePage
from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


def found(query):
    return list(get_search_backend().search(query, PracticePage.objects.all()))


def test_a_page_saved_many_times_is_indexed_once_as_last_saved(city):
    queued = []

    def count(sender, task_result, **kwargs):
        if sender is not DummyBackend:  # queued for real, not held
            queued.append((task_result.task.name, *task_result.args))

    task_enqueued.connect(count)
    try:
        with tasks_held_and_coalesced():
            practice = PracticePageFactory(parent=city, title="Old wording", slug="sensors")
            for title in ("Second wording", "River level sensors"):
                practice.title = title
                practice.save_revision().publish()
            gone = PracticePageFactory(parent=city, title="River pumps", slug="pumps")
            gone.delete()
            assert not found("river")  # nothing indexed while the load runs
    finally:
        task_enqueued.disconnect(count)

    assert found("river") == [practice]  # the last title, and nothing of the deleted page
    assert not found("wording")
    refresh = ("insert_or_update_object_task", "practices", "practicepage", str(practice.pk))
    assert queued.count(refresh) == 1  # though created, then revised and published twice
    assert not any(str(gone.pk) in entry for entry in queued)
