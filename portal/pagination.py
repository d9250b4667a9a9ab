from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.translation import gettext as _


def paginate(items, number, notices, page_size):
    """The requested page of ``items``; a bad page number becomes a notice, never an error."""
    paginator = Paginator(items, page_size)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        notices.append(_("That page number is not a number; showing the first page."))
        return paginator.page(1)
    except EmptyPage:
        notices.append(_("There is no such page; showing the last one."))
        return paginator.page(paginator.num_pages)
