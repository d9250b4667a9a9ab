"""``{% median_answer_days city as days %}``: how fast a city answers public questions, for its
profile (cities do not import this app)."""

from django import template

from practices.question_queue import median_answer_days as median_of

register = template.Library()


@register.simple_tag
def median_answer_days(city):
    """Whole days (0: under a day), or None when the city has answered no question."""
    days = median_of(city)
    return None if days is None else int(days)
