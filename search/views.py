from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse

from search.query import clean_query, search_pages

PAGE_SIZE = 20


def search(request):
    query, truncated = clean_query(request.GET.get("q", ""))
    notices = []
    if truncated:
        notices.append("Your search was long, so only its first 200 characters were used.")
    results = None
    if query:
        paginator = Paginator(search_pages(query), PAGE_SIZE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger):
            results = paginator.page(1)
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "results": results, "notices": notices},
    )
