"""The admin's form of news items."""

from django.utils.translation import gettext_lazy as _

from cities.models import CityPage
from portal.forms import SameLanguageChoicesForm


class NewsForm(SameLanguageChoicesForm):
    """News written under a city is that city's news: it names no other city (news of several
    cities is the secretariat's, under News), so an officer cannot publish for another city."""

    def clean(self):
        cleaned_data = super().clean()
        city = self.parent_page.specific
        if not isinstance(city, CityPage):
            return cleaned_data
        others = [
            chosen.title for chosen in cleaned_data.get("cities") or () if chosen.pk != city.pk
        ]
        if others:
            self.add_error(
                "cities",
                _(
                    "News written under %(city)s is news of %(city)s only: remove %(others)s. "
                    "News of other cities is published by their officers, or by the "
                    "secretariat under News."
                )
                % {"city": city.title, "others": ", ".join(others)},
            )
        return cleaned_data
