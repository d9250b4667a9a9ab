"""/transfers/: which city learnt from which across the region, filterable by focal area."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from adoptions.maps import TransferMap
from adoptions.models import transfers
from portal.models import FocalArea


@require_GET
def transfer_view(request):
    """A map (server-rendered SVG, no script) and the same transfers as a table beside it."""
    notices = []
    areas = list(FocalArea.objects.all())
    wanted = request.GET.get("focal_area", "").strip()
    area = next((each for each in areas if each.slug == wanted), None)
    if wanted and area is None:
        notices.append(
            _("Unknown focal area “%(value)s” ignored; showing every transfer.")
            % {"value": wanted[:40]}
        )
    graph = transfers().filtered(area.slug if area else None)
    return TemplateResponse(
        request,
        "adoptions/transfers.html",
        {
            "focal_areas": areas,
            "focal_area": area,
            "transfers": graph.transfers,
            "transfer_map": TransferMap(graph.transfers),
            "notices": notices,
        },
    )
