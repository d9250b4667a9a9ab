"""The multilingual topic vocabulary: a word naming a term in any language finds the pages
tagged with that term in every language, and the result says why."""

import re

from django.conf import settings
from django.utils import translation

import pytest

from search.vocabulary import term_for, terms, terms_named, topic_key
from tests.conftest import sign_in
from tests.factories import ChallengePageFactory, PracticePageFactory
from tests.test_challenges import add_url, challenge_form


def test_every_term_is_named_in_each_of_the_ten_languages_once():
    codes = [code for code, _name in settings.LANGUAGES]
    assert len(codes) == 10
    owner = {}
    for term in terms():
        assert [code for code, _name in term.names] == codes, term.key
        assert all(name.strip() for _code, name in term.names), term.key
        for name in term.every_name:
            # a name that named two terms would make a tag mean two topics
            assert owner.setdefault(name.lower(), term.key) == term.key, name


def test_a_tag_in_any_language_is_its_terms_topic():
    assert topic_key("rác thải") == topic_key("ขยะ") == topic_key("Waste") == "waste"
    assert topic_key("stray dogs") == "stray dogs"  # a free tag stays itself
    assert term_for("cảm biến").name("th") == "เซ็นเซอร์"
    with translation.override("vi"):
        assert str(term_for("waste")) == "rác thải"


def test_terms_are_found_inside_unspaced_text_and_the_longest_name_wins():
    said = {term.key: word for term, word in terms_named("ฝนตกหนักแล้วน้ำท่วมถนน")}
    assert said == {"flood": "น้ำท่วม"}
    said = {term.key: word for term, word in terms_named("Giao thông công cộng quá tải")}
    assert said == {"public transport": "Giao thông công cộng"}  # not "traffic"
    assert terms_named("Stray dogs in the market") == []


# name: (city, title, summary, topics, focal areas); the Lao practice is tagged in Lao
TAGGED = {
    "english": (
        "bangkok",
        "Sensor bins that report when they are full",
        "Trucks empty only the full bins.",
        ["waste"],
        ["quality-environment"],
    ),
    "lao": ("danang", "ການເກັບຂີ້ເຫຍື້ອຕາມບ້ານ", "ເກັບທຸກອາທິດ.", ["ຂີ້ເຫຍື້ອ"], ["quality-environment"]),
    "metro": (
        "bangkok",
        "Metro rail extension",
        "Two new lines.",
        ["rail"],
        ["built-infrastructure"],
    ),
}


@pytest.fixture
def tagged(world):
    return {
        name: PracticePageFactory(
            parent=world[city], title=title, summary=summary, topics=topics, focal_areas=areas
        )
        for name, (city, title, summary, topics, areas) in TAGGED.items()
    }


@pytest.mark.search
@pytest.mark.django_db
def test_a_thai_word_on_the_english_site_finds_the_english_and_lao_practices(client, tagged):
    with translation.override("en"):
        response = client.get("/search/", {"q": "ขยะ"})
    html = response.content.decode()
    assert response.status_code == 200
    assert tagged["english"].title in html and tagged["lao"].title in html
    assert tagged["metro"].title not in html
    assert html.count("matched the topic waste (ขยะ)") == 2

    data = client.get("/api/search/", {"q": "ขยะ"}).json()
    why = {result["title"]: result.get("why") for result in data["results"]}
    assert why[tagged["english"].title] == "matched the topic waste (ขยะ)"


@pytest.mark.search
@pytest.mark.django_db
def test_a_search_that_names_no_term_says_no_reason(client, tagged):
    html = client.get("/search/", {"q": "extension"}).content.decode()
    assert tagged["metro"].title in html and "matched the topic" not in html


@pytest.mark.search
@pytest.mark.django_db
def test_a_focal_area_named_in_thai_finds_its_english_practices(client, tagged):
    html = client.get("/search/", {"q": "คุณภาพสิ่งแวดล้อม"}).content.decode()
    assert tagged["english"].title in html and tagged["metro"].title not in html


@pytest.mark.django_db
def test_the_secretariat_sees_the_free_tags_to_add_to_the_vocabulary(client, world, tagged):
    ChallengePageFactory(parent=world["danang"], topics=["stray dogs", "rác thải"])
    PracticePageFactory(parent=world["bangkok"], topics=["stray dogs"])
    sign_in(client, world["officer"])
    refused = client.get("/admin/reports/topics-to-add/")
    assert refused.status_code in (302, 403) and "stray dogs" not in refused.content.decode()
    sign_in(client, world["secretariat"])
    html = client.get("/admin/reports/topics-to-add/").content.decode()
    assert "<td>stray dogs</td><td>1</td><td>1</td>" in html
    for in_the_vocabulary in ("rác thải", "waste", "ຂີ້ເຫຍື້ອ", "rail"):
        assert f"<td>{in_the_vocabulary}</td>" not in html


@pytest.mark.django_db
def test_an_officer_picks_topics_from_the_vocabulary_in_any_language(client, world):
    """The topic field of the practice form asks the picker, which offers the vocabulary's
    terms for a word typed in any language (stored as the term), then free tags in use."""
    PracticePageFactory(parent=world["bangkok"], topics=["stray dogs"])
    assert client.get("/admin/topics/suggestions/", {"term": "was"}).status_code == 302
    sign_in(client, world["officer"])
    form = client.get(f"/admin/pages/add/practices/practicepage/{world['danang'].pk}/")
    assert 'data-w-tag-url-value="/admin/topics/suggestions/"' in form.content.decode()
    assert re.search(r">\s*Topics\s*</label>", form.content.decode())
    assert "Pick topics from the vocabulary, in any language." in form.content.decode()

    def offered(typed):
        return client.get("/admin/topics/suggestions/", {"term": typed}).json()

    assert {"label": "waste", "value": "waste"} in offered("was")
    assert {"label": "waste — ขยะ", "value": "waste"} in offered("ขย")
    assert {"label": "waste — rác thải", "value": "waste"} in offered("rác")
    assert offered("stray") == [
        {"label": "stray dogs (not in the vocabulary yet)", "value": "stray dogs"}
    ]
    assert offered("") == [] and offered("zzqx") == []


@pytest.mark.django_db
def test_an_officer_is_told_a_free_topic_is_proposed_to_the_secretariat(client, world):
    sign_in(client, world["officer"])
    response = client.post(
        add_url(world["danang"]),
        challenge_form("Landslides", "action-submit", topics="sạt lở đất, waste"),
        follow=True,
    )
    html = response.content.decode()
    assert "“sạt lở đất” is not in the topic vocabulary yet" in html
    assert "proposed to the ASCN secretariat" in html
    assert "“waste”" not in html  # a term of the vocabulary is not proposed
