from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(items, number, notices, page_size):
    """The requested page of ``items``; a bad page number becomes a notice, never an error."""
    paginator = Paginator(items, page_size)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        notices.append("That page number is not a number; showing the first page.")
        return paginator.page(1)
    except EmptyPage:
        notices.append("There is no such page; showing the last one.")
        return paginator.page(paginator.num_pages)
