"""Challenges matched to the practices of other cities: hand-written expectations of the ranking
and its reasons, "Cities facing this challenge" on the practice page, and "we want to learn
from this" (an e-mail to the practice's hidden address, rate-limited, shown on the challenge)."""

from django.core import mail
from django.test import override_settings
from django.utils import translation

import pytest

from challenges.matching import matches_for, population_band
from challenges.models import LearningRequest
from portal.models import Country, FocalArea
from practices.models import ContactMessage, PracticePage
from tests.conftest import build_world, shared_rows, sign_in
from tests.factories import (
    ChallengePageFactory,
    CityPageFactory,
    PracticePageFactory,
    build_site,
)


@pytest.fixture(autouse=True)
def _english():
    """Reasons are in the active language: English here, whatever an earlier test left active."""
    with translation.override("en"):
        yield


def city(site, title, code, population):
    return CityPageFactory(
        parent=site["cities"],
        title=title,
        slug=title.lower().replace(" ", "-"),
        country=Country.objects.get(code=code),
        population=population,
    )


@pytest.fixture(scope="class")
def corpus(django_db_setup, django_db_blocker):
    """Made once for each class of tests (``shared_rows``): a dozen pages take seconds."""
    with shared_rows(django_db_blocker):
        yield build_corpus(build_world(build_site()))


def build_corpus(world):
    site = world["site"]
    danang, bangkok = world["danang"], world["bangkok"]
    for page, population in ((danang, 1_220_000), (bangkok, 10_500_000)):
        page.population, page.population_source = population, "https://example.org/census"
        page.save()
    phuket = city(site, "Phuket", "TH", 420_000)
    luang = city(site, "Luang Prabang", "LA", 60_000)
    kuching = city(site, "Kuching", "MY", 700_000)
    practices = {
        "sensor_bins": PracticePageFactory(
            parent=bangkok,
            title="Sensor bins that report when they are full",
            summary="Sensors in street bins tell trucks which bins overflow; rounds halved.",
            focal_areas=["quality-environment"],
            topics=["waste", "sensors"],
        ),
        "beach_waste": PracticePageFactory(
            parent=phuket,
            title="Sorting waste on the beaches",
            summary="Volunteers and hotels sort plastic on the beaches every morning.",
            focal_areas=["quality-environment"],
            topics=["waste"],
        ),
        "lao_waste": PracticePageFactory(
            parent=luang,
            title="ການເກັບຂີ້ເຫຍື້ອຕາມບ້ານ",
            summary="ເມືອງຫຼວງພະບາງເກັບຂີ້ເຫຍື້ອຕາມບ້ານທຸກອາທິດ.",
            focal_areas=["quality-environment"],
            topics=["waste"],
        ),
        "own_bins": PracticePageFactory(
            parent=danang,
            title="Da Nang's own smart bins",
            summary="Bins with sensors in Da Nang.",
            focal_areas=["quality-environment"],
            topics=["waste", "sensors"],
        ),
        "metro": PracticePageFactory(
            parent=bangkok,
            title="Metro rail extension",
            summary="Two new metro lines carry a million riders a day.",
            focal_areas=["built-infrastructure"],
            topics=["transport"],
        ),
        "flood_warning": PracticePageFactory(
            parent=kuching,
            title="River level sensors warn of floods",
            summary="River level sensors send flood warnings to residents by text message.",
            focal_areas=["safety-security"],
            topics=["floods", "sensors"],
        ),
        "permits": PracticePageFactory(
            parent=bangkok,
            title="Building permits online",
            summary="Building permits are applied for and granted online in ten days.",
            focal_areas=["civic-social"],
            topics=["permits"],
        ),
        # Shares only a focal area with the waste challenges, and Phuket's size with Luang Prabang
        "park_trees": PracticePageFactory(
            parent=phuket,
            title="Shade trees along the seafront park",
            summary="A thousand shade trees planted along the seafront park since 2019.",
            focal_areas=["quality-environment"],
            topics=["green space"],
        ),
        "thai_bins": PracticePageFactory(
            parent=phuket,
            title="ถังขยะอัจฉริยะริมชายหาด",
            summary="เซ็นเซอร์ในถังขยะบอกรถเก็บขยะว่าถังใดเต็มแล้ว",
            topics=["ขยะ", "เซ็นเซอร์"],
        ),
    }
    challenges = {
        # Written in Vietnamese, tagged in Vietnamese, no focal area: only the vocabulary
        # relates it to the practices tagged "waste" and "sensors" in English or in Thai.
        "vn_tagged": ChallengePageFactory(
            parent=danang,
            title="Thùng rác ở chợ Hàn",
            problem="Thùng rác ở chợ đầy trước khi xe gom đến; không ai biết thùng nào đã đầy.",
            topics=["rác thải", "cảm biến"],
        ),
        # Written in Thai with no tag: its text names the term "flood" (น้ำท่วม).
        "th_floods": ChallengePageFactory(
            parent=bangkok,
            title="น้ำท่วมถนนทุกฤดูฝน",
            problem="ฝนตกหนักแล้วน้ำท่วมถนนในย่านที่ลุ่ม ชาวบ้านไม่ได้รับการเตือน",
            focal_areas=["safety-security"],
        ),
        # Indonesian, tagged "izin" (permits)
        "id_permits": ChallengePageFactory(
            parent=kuching,
            title="Izin bangunan lambat",
            problem="Izin bangunan memakan waktu berbulan-bulan di atas kertas.",
            topics=["izin"],
            focal_areas=["civic-social"],
        ),
        # Shares nothing with any practice: nothing must be offered.
        "stray_dogs": ChallengePageFactory(
            parent=phuket,
            title="Stray dogs in the market",
            problem="Packs of stray dogs bite shoppers at the night market.",
        ),
        "vn_waste": ChallengePageFactory(
            parent=danang,
            title="Rác thải tràn ra đường phố cổ",
            problem="Thùng rác ở phố cổ đầy tràn vào cuối tuần; xe gom rác đến quá muộn.",
            focal_areas=["quality-environment"],
            topics=["waste", "sensors"],
        ),
        "phuket_floods": ChallengePageFactory(
            parent=phuket,
            title="Floods in low-lying districts",
            problem="Heavy rain floods the low-lying districts; residents get no warning.",
            focal_areas=["safety-security"],
            topics=["floods"],
        ),
        "lao_permits": ChallengePageFactory(
            parent=luang,
            title="Permits take months",
            problem="Building permits take months on paper in the heritage zone.",
            focal_areas=["civic-social"],
            topics=["permits"],
        ),
        "en_bins": ChallengePageFactory(
            parent=kuching,
            title="Overflowing bins",
            problem="Street bins overflow before the trucks come; nobody knows which are full.",
            focal_areas=["quality-environment"],
        ),
        "lao_plastic": ChallengePageFactory(
            parent=luang,
            title="Plastic on the riverbanks",
            problem="Plastic collects on the Mekong riverbanks after every festival.",
            focal_areas=["quality-environment"],
            topics=["waste"],
        ),
        "kuching_closed": ChallengePageFactory(
            parent=kuching,
            title="Paper archives",
            problem="Old paper archives rot.",
            status="solved",
            focal_areas=["civic-social"],
            topics=["permits"],
        ),
    }
    return {**world, **practices, **challenges, "phuket": phuket, "luang": luang}


def english_matches(challenge):
    with translation.override("en"):
        return matches_for(challenge)


def titles(challenge):
    return [match.practice.title for match in english_matches(challenge)]


def reasons(challenge, practice):
    for match in english_matches(challenge):
        if match.practice.pk == practice.pk:
            return [reason.text for reason in match.reasons]
    raise AssertionError(f"{practice.title} is not among the matches of {challenge.title}")


# (challenge, practices expected first in this order, practices that must not be listed)
CASES = [
    # 1 cross-language: Vietnamese challenge finds the English practice through its topics
    ("vn_waste", ["sensor_bins"], ["own_bins", "metro", "permits", "flood_warning", "park_trees"]),
    # 2 a small city's problem: the practice of another small city first (similar city)
    ("lao_plastic", ["beach_waste"], ["lao_waste", "metro", "permits"]),
    # 3 floods find the flood warning, never the waste practices (the one that must not match)
    ("phuket_floods", ["flood_warning"], ["sensor_bins", "beach_waste", "lao_waste", "metro"]),
    # 4 permits find permits
    ("lao_permits", ["permits"], ["metro", "sensor_bins"]),
    # 5 English wording with no topic: the practice that describes the same problem comes first
    ("en_bins", ["sensor_bins"], ["flood_warning", "metro", "permits"]),
    # 6 a focal area and a similar city are not enough: the problem must be shared (a topic or
    # its wording)
    ("lao_plastic", [], ["park_trees"]),
    ("en_bins", [], ["park_trees"]),
    # 7 cross-language, tags only: Vietnamese tags find the English and the Thai bins (first, in
    # the test below); the river sensors share only a means (sensors), not the problem
    ("vn_tagged", [], ["own_bins", "metro", "permits", "flood_warning"]),
    # 8 cross-language, text only: a Thai challenge naming floods finds the English practice
    ("th_floods", ["flood_warning"], ["sensor_bins", "thai_bins", "metro", "permits"]),
    # 9 an Indonesian tag finds the English permits practice
    ("id_permits", ["permits"], ["metro", "sensor_bins", "thai_bins"]),
    # 10 a problem that shares nothing with any practice is matched to none
    ("stray_dogs", [], ["sensor_bins", "beach_waste", "metro", "permits", "flood_warning"]),
]


@pytest.mark.django_db
@pytest.mark.search
@pytest.mark.shared_rows
@pytest.mark.xdist_group("matching")
class TestRanking:
    @pytest.mark.parametrize(("challenge", "first", "never"), CASES)
    def test_expected_order_and_exclusions(self, corpus, challenge, first, never):
        found = titles(corpus[challenge])
        assert found[: len(first)] == [corpus[name].title for name in first]
        for name in never:
            assert corpus[name].title not in found

    def test_the_lao_practice_matches_the_vietnamese_challenge(self, corpus):
        assert corpus["lao_waste"].title in titles(corpus["vn_waste"])

    def test_a_vietnamese_challenge_lists_english_and_thai_practices_with_reasons(self, corpus):
        found = titles(corpus["vn_tagged"])
        assert set(found[:2]) == {corpus["sensor_bins"].title, corpus["thai_bins"].title}
        said = reasons(corpus["vn_tagged"], corpus["sensor_bins"])
        assert "shares topics: waste (rác thải)" in said
        assert "uses the same means: sensors (cảm biến)" in said
        with translation.override("th"):
            thai = [reason.text for reason in matches_for(corpus["vn_tagged"])[0].reasons]
        assert any("ขยะ (rác thải)" in reason for reason in thai)  # the term in Thai

    def test_a_thai_text_names_the_topic_it_shares(self, corpus):
        said = reasons(corpus["th_floods"], corpus["flood_warning"])
        assert "shares topics: flood (น้ำท่วม)" in said

    def test_nothing_is_offered_for_a_problem_no_practice_shares(self, corpus):
        assert titles(corpus["stray_dogs"]) == []

    def test_a_city_is_never_matched_with_its_own_practice(self, corpus):
        assert corpus["own_bins"].title not in titles(corpus["vn_waste"])

    def test_reasons_are_plain_words(self, corpus):
        said = reasons(corpus["vn_waste"], corpus["sensor_bins"])
        assert "same focal area: Quality Environment" in said
        assert "shares topics: waste" in said
        assert "uses the same means: sensors" in said

    def test_a_similar_city_is_a_reason(self, corpus):
        # Luang Prabang (60 000 people) and Phuket (420 000): both under half a million
        said = reasons(corpus["lao_plastic"], corpus["beach_waste"])
        assert "similar city: under 0.5 M people" in said
        # Phuket and Kuching (700 000) are not in the same band; Bangkok is a metropolis
        said = reasons(corpus["phuket_floods"], corpus["flood_warning"])
        assert not any(reason.startswith("similar city") for reason in said)
        said = reasons(corpus["lao_permits"], corpus["permits"])
        assert said == ["same focal area: Civic & Social", "shares topics: permits"] or said[
            :2
        ] == [
            "same focal area: Civic & Social",
            "shares topics: permits",
        ]

    def test_similar_wording_names_the_words(self, corpus):
        said = reasons(corpus["en_bins"], corpus["sensor_bins"])
        assert any(reason.startswith("describes it in similar words:") for reason in said)
        assert any("bins" in reason for reason in said)

    def test_the_challenge_page_shows_matches_with_reasons(self, client, corpus):
        html = client.get(corpus["vn_waste"].url).content.decode()
        assert "Practices of other cities that may help" in html
        assert corpus["sensor_bins"].title in html and "shares topics: waste" in html
        assert corpus["own_bins"].title not in html
        assert "We want to learn from this" not in html  # only for the city's officers

    def test_the_practice_page_lists_the_cities_facing_it(self, client, corpus):
        html = client.get(corpus["sensor_bins"].url).content.decode()
        assert "Cities facing this challenge" in html
        assert "challenges of other cities that this practice may answer" in html  # more than one
        assert corpus["vn_waste"].title in html and corpus["en_bins"].title in html
        assert corpus["vn_tagged"].title in html  # tagged in Vietnamese: the same topics
        assert corpus["kuching_closed"].title not in html  # solved: nobody faces it now
        assert (
            "Cities facing this challenge" not in client.get(corpus["metro"].url).content.decode()
        )

    @override_settings(FRAGMENT_CACHE_SECONDS=300)
    def test_a_preview_lists_the_challenges_of_the_editors_unsaved_choices(self, client, corpus):
        """An editor who retags the practice sees the challenges it would then face; the
        visitors still see those of the published page."""
        draft = PracticePage.objects.get(pk=corpus["sensor_bins"].pk)
        draft.focal_areas = [FocalArea.objects.get(slug="safety-security")]
        draft.topics.set(["floods"])
        preview = draft.make_preview_request().content.decode()
        assert corpus["phuket_floods"].title in preview
        assert corpus["vn_waste"].title not in preview
        published = client.get(corpus["sensor_bins"].url).content.decode()
        assert corpus["vn_waste"].title in published
        assert corpus["phuket_floods"].title not in published


def test_population_bands():
    assert population_band(None) is None
    assert population_band(60_000) == "under 0.5 M"
    assert population_band(500_000) == "0.5–1 M"
    assert population_band(1_220_000) == "1–5 M"
    assert population_band(10_500_000) == "over 5 M"


@pytest.mark.django_db
@pytest.mark.shared_rows
@pytest.mark.xdist_group("matching")
class TestLearnFrom:
    def ask(self, client, corpus, practice, note="We have the same bins."):
        return client.post(corpus["vn_waste"].url, {"practice": practice.pk, "note": note})

    def test_the_officer_asks_the_team_gets_mail_and_the_challenge_shows_it(self, client, corpus):
        sign_in(client, corpus["officer"])
        page = client.get(corpus["vn_waste"].url).content.decode()
        assert "We want to learn from this" in page
        # Each button names its practice for a screen reader ("We want to learn from this: …")
        assert (
            f'We want to learn from this<span class="visually-hidden">: '
            f"{corpus['sensor_bins'].title}</span>" in page
        )
        response = self.ask(client, corpus, corpus["sensor_bins"])
        assert response.status_code == 302
        assert response["Location"].endswith(f"#match-{corpus['sensor_bins'].pk}")
        [message] = mail.outbox
        assert message.to == [corpus["sensor_bins"].contact_email]
        assert message.reply_to == ["officer@danang.example"]
        assert "We have the same bins." in message.body and corpus["vn_waste"].title in message.body
        assert ContactMessage.objects.filter(practice=corpus["sensor_bins"]).count() == 1
        html = client.get(corpus["vn_waste"].url).content.decode()
        asked = html[html.index(f'id="match-{corpus["sensor_bins"].pk}"') :]
        asked = asked[: asked.index("</ol>")].split('<li class="match"')[0]
        # The answer and the date beside the practice asked, where the button was
        assert "Your request went to the team" in asked
        assert "Da Nang asked to learn from this practice" in asked
        assert 'name="practice"' not in asked
        assert "Da Nang asked to learn from" in html
        assert corpus["sensor_bins"].contact_email not in html
        client.logout()
        public = client.get(corpus["vn_waste"].url).content.decode()
        assert public.count("Da Nang asked to learn from") == 1  # beside the practice, once

        sign_in(client, corpus["officer"])
        self.ask(client, corpus, corpus["sensor_bins"])
        assert len(mail.outbox) == 1  # asked once per practice
        assert LearningRequest.objects.count() == 1

    def test_others_are_refused_and_bad_values_change_nothing(self, client, corpus):
        assert self.ask(client, corpus, corpus["sensor_bins"]).status_code == 403
        sign_in(client, corpus["other_officer"])
        assert self.ask(client, corpus, corpus["sensor_bins"]).status_code == 403
        client.logout()
        sign_in(client, corpus["officer"])
        for value in ("", "abc", "²", "99999999999999999999", str(corpus["metro"].pk)):
            response = client.post(corpus["vn_waste"].url, {"practice": value})
            assert response.status_code == 302
        assert mail.outbox == [] and LearningRequest.objects.count() == 0

    @override_settings(CONTACT_RATE_LIMIT="1/h")
    def test_rate_limited_with_the_contact_form(self, client, corpus):
        sign_in(client, corpus["officer"])
        self.ask(client, corpus, corpus["sensor_bins"])
        self.ask(client, corpus, corpus["beach_waste"])
        assert len(mail.outbox) == 1
        html = client.get(corpus["vn_waste"].url).content.decode()
        assert "several messages in a short time" in html


@pytest.mark.django_db
def test_a_shared_setting_alone_is_no_match(site):
    """Dark streets around temples and waste sorting in a heritage town both concern tourists:
    a setting, not a problem they share."""
    siem_reap = CityPageFactory(parent=site["cities"], title="Siem Reap", slug="siem-reap")
    luang = CityPageFactory(parent=site["cities"], title="Luang Prabang", slug="luang-prabang")
    streets = ChallengePageFactory(
        parent=siem_reap,
        title="Dark streets around the temples after sunset",
        problem="Visitors walk unlit lanes between the temples and the night market.",
        topics=["lighting", "tourism"],
    )
    sorting = PracticePageFactory(
        parent=luang, title="Heritage zone waste sorting", topics=["waste", "tourism"]
    )
    lamps = PracticePageFactory(
        parent=luang, title="Solar lamps on the old town lanes", topics=["lighting", "tourism"]
    )
    assert titles(streets) == [lamps.title]
    said = reasons(streets, lamps)
    assert "shares topics: lighting" in said
    assert "works in the same setting: tourism" in said
    assert sorting.title not in titles(streets)
