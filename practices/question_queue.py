"""Questions to your city: the moderation queue of public questions, in the Wagtail admin.

A city's officers see the questions asked on their city's practices (in every language) and
alone answer them for the city; the national reviewers of the country see them too and may
reject them or mark them as spam, as the officers may; the secretariat
(``practices.view_question``) sees every city's. Anyone else gets a 404 for a question, and the
queue refuses them (tests/test_permission_matrix.py). An answer is published on every
translation of the practice (``PracticePage.answered_questions``), its search document and the
API, and the asker gets an e-mail with the link; a rejection tells them the reason; spam tells
nobody, is left out of every count, and throttles the address (practices/questions.py).
"""

import statistics

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from cities.roles import english, officer_cities, reviewer_cities
from portal.cache import bump_generation, per_generation
from practices.city_messages import CityQueueIndexView, CityQueuePolicy
from practices.forms import AnswerForm, RejectForm
from practices.models import PracticePage, Question, QuestionStatus
from practices.question_mail import mail_once_stored
from search.indexing import index_again

REMIND_AFTER_DAYS = 7


def may_read_all(user):
    return user.is_active and user.has_perm("practices.view_question")


def _trees(cities):
    trees = Q()
    for city in cities:
        trees |= Q(practice__path__startswith=city.path)
    return trees


def questions_for(user):
    """The questions ``user`` may see: all for the secretariat; their city's for officers, their
    country's for national reviewers; none for anyone else."""
    if may_read_all(user):
        return Question.objects.all()
    trees = _trees([*officer_cities(user), *reviewer_cities(user)])
    return Question.objects.filter(trees) if trees else Question.objects.none()


def may_answer(user, question):
    """Only the officers of the practice's city answer for it."""
    return any(question.practice.path.startswith(city.path) for city in officer_cities(user))


def publish_answers(practice):
    """Copy the answered questions of ``practice`` onto each of its translations, index them
    again and let the page caches render them."""
    answered = Question.objects.filter(
        practice__translation_key=practice.translation_key, status=QuestionStatus.ANSWERED
    ).order_by("answered_at", "pk")
    copy = [question.published_copy() for question in answered]
    pages = PracticePage.objects.filter(translation_key=practice.translation_key)
    pages.update(answered_questions=copy)
    for pk in pages.values_list("pk", flat=True):
        index_again(PracticePage, pk)
    bump_generation()
    if settings.WAGTAILFRONTENDCACHE:
        from wagtail.contrib.frontend_cache.utils import PurgeBatch

        batch = PurgeBatch()
        batch.add_pages(pages)
        transaction.on_commit(batch.purge)


def _mail_asker(question, subject, body):
    """Mail the person who asked (in the language they asked in: the caller's)."""
    mail_once_stored(question, [question.email], subject, body)


@transaction.atomic
def answer(question, user, text):
    city = question.practice.city
    corrected = bool(question.answer)  # answered before, then withdrawn
    question.status = QuestionStatus.ANSWERED
    question.answer = text
    question.answered_at = question.moderated_at = timezone.now()
    question.answered_by = user
    question.answered_for = english(city).title if city else ""
    question.save()
    publish_answers(question.practice)
    with translation.override(question.language or settings.LANGUAGE_CODE):
        if corrected:
            subject = _(
                "[ASCN portal] The answer to your question about “%(practice)s” is corrected"
            )
            body = _("The answer to your question was corrected on the practice page:\n\n%(url)s")
        else:
            subject = _("[ASCN portal] Your question about “%(practice)s” is answered")
            body = _(
                "Your question has been answered and published on the practice page:\n\n%(url)s"
            )
        _mail_asker(
            question,
            subject % {"practice": question.practice.title},
            body % {"url": f"{question.practice.full_url}#questions"},
        )


@transaction.atomic
def reject(question, reason):
    question.status = QuestionStatus.REJECTED
    question.rejection_reason = reason
    question.moderated_at = timezone.now()
    question.save()
    with translation.override(question.language or settings.LANGUAGE_CODE):
        _mail_asker(
            question,
            _("[ASCN portal] Your question about “%(practice)s”")
            % {"practice": question.practice.title},
            _(
                "Your question will not be published, for this reason:\n\n%(reason)s\n\n"
                "Your question was:\n\n%(question)s"
            )
            % {"reason": reason, "question": question.question},
        )


@transaction.atomic
def withdraw(question):
    """Take a published answer off the practice page: the question waits again, its answer kept
    as the draft of a corrected one."""
    question.status = QuestionStatus.WAITING
    question.answered_at = None
    question.moderated_at = timezone.now()
    question.save()
    publish_answers(question.practice)


def mark_spam(question):
    question.status = QuestionStatus.SPAM
    question.moderated_at = timezone.now()
    question.save()


def _median_days_by_city():
    durations = {}
    rows = Question.objects.filter(
        status=QuestionStatus.ANSWERED, practice__city__isnull=False
    ).values_list("practice__city__translation_key", "created_at", "answered_at")
    for city_key, asked, answered in rows:
        durations.setdefault(str(city_key), []).append((answered - asked).total_seconds() / 86400)
    return {key: statistics.median(days) for key, days in durations.items()}


def median_answer_days(city):
    """The median number of days the city took to answer a question, or None (no answer yet).
    One small value per city, kept per content generation (an answer makes a new one)."""
    return per_generation("question-answer-medians", _median_days_by_city).get(
        str(city.translation_key)
    )


def due_for_reminder(now=None):
    """Waiting questions asked over REMIND_AFTER_DAYS ago, not reminded of in that time."""
    cutoff = (now or timezone.now()) - timezone.timedelta(days=REMIND_AFTER_DAYS)
    return (
        Question.objects.filter(status=QuestionStatus.WAITING, created_at__lte=cutoff)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=cutoff))
        .select_related("practice", "practice__city")
        .order_by("created_at")
    )


def may_view(user):
    return may_read_all(user) or officer_cities(user).exists() or reviewer_cities(user).exists()


policy = CityQueuePolicy(Question, may_view, questions_for)


class QuestionsIndexView(CityQueueIndexView):
    model = Question
    permission_policy = policy
    namespace = "city_questions"
    page_title = gettext_lazy("Questions to your city")
    header_icon = "help"
    columns = [
        TitleColumn("excerpt", label=gettext_lazy("Question"), url_name="city_questions:detail"),
        Column("practice", label=gettext_lazy("Practice")),
        Column("get_status_display", label=gettext_lazy("Status")),
        DateColumn("created_at", label=gettext_lazy("Asked"), sort_key="created_at"),
    ]


def question_view(request, pk):
    """One question: read it, and answer, reject or mark it as spam while it waits."""
    question = get_object_or_404(
        questions_for(request.user).select_related("practice", "practice__city"), pk=pk
    )
    answering = may_answer(request.user, question)
    waiting = question.status == QuestionStatus.WAITING
    action = request.POST.get("action") if request.method == "POST" else None
    answer_form = AnswerForm(
        request.POST if action == "answer" else None,
        prefix="a",
        initial={"answer": question.answer},  # a withdrawn answer, to correct
    )
    reject_form = RejectForm(request.POST if action == "reject" else None, prefix="r")
    if action == "answer" and not answering:
        raise PermissionDenied  # a reviewer or the secretariat: only the city answers
    if action == "withdraw" and question.status == QuestionStatus.ANSWERED:
        if request.POST.get("confirm") != "yes":  # the form's box: never by a stray click
            messages.error(request, _("Tick the box to confirm that the answer goes."))
            return redirect("city_questions:detail", pk=question.pk)
        withdraw(question)
        messages.success(
            request, _("The answer is withdrawn from the practice page; the question waits again.")
        )
        return redirect("city_questions:detail", pk=question.pk)
    if action and waiting:
        if action == "answer" and answer_form.is_valid():
            answer(question, request.user, answer_form.cleaned_data["answer"])
            messages.success(request, _("The answer is published on the practice page."))
            return redirect("city_questions:detail", pk=question.pk)
        if action == "reject" and reject_form.is_valid():
            reject(question, reject_form.cleaned_data["reason"])
            messages.success(request, _("The question is rejected; the person who asked is told."))
            return redirect("city_questions:index")
        if action == "spam":
            mark_spam(question)
            messages.success(request, _("The question is marked as spam."))
            return redirect("city_questions:index")
    return TemplateResponse(
        request,
        "practices/admin/question.html",
        {
            "question": question,
            "title": _("Question"),
            "waiting": waiting,
            "answering": answering,
            "answer_form": answer_form,
            "reject_form": reject_form,
        },
        status=400 if action and waiting else 200,
    )


def urls():
    return [
        path("", QuestionsIndexView.as_view(), name="index"),
        path("results/", QuestionsIndexView.as_view(results_only=True), name="index_results"),
        path("<int:pk>/", question_view, name="detail"),
    ]


class QuestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view(request.user)


def menu_item():
    return QuestionsMenuItem(
        gettext_lazy("Questions to your city"),
        reverse("city_questions:index"),
        name="city-questions",
        icon_name="help",
        order=320,
    )
