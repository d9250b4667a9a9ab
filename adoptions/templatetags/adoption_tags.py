"""What the practice, city and record pages show of adoptions, read from the cached graph.

The practice and city templates include ``adoptions/includes/…`` and these tags, so that
neither the practices nor the cities app imports this one (it sits above them).
"""

from django import template

from adoptions.models import transfers

register = template.Library()


@register.simple_tag
def practice_adoptions(practice):
    return transfers().of_practice(practice.translation_key)


@register.simple_tag
def city_adoptions(city):
    return transfers().of_city(city.translation_key)


@register.simple_tag
def adoption_chain(record):
    return transfers().of_record(record)
