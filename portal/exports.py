"""Downloads of a listing as CSV or JSON: the practice and challenge listings share them.

Rows are dicts with the same keys; a list value (focal areas) becomes ``a;b`` in CSV.
"""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse


def csv_download(rows, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # lets spreadsheet programs detect UTF-8 (Thai, Lao, Khmer…)
    writer = None
    for row in rows:
        row = {
            key: ";".join(value) if isinstance(value, list) else value for key, value in row.items()
        }
        if writer is None:
            writer = csv.DictWriter(response, fieldnames=list(row))
            writer.writeheader()
        writer.writerow({key: neutralise_formula(value) for key, value in row.items()})
    return response


def neutralise_formula(value):
    """Keep spreadsheet programs from running text that starts like a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def json_download(rows, filename):
    rows = list(rows)
    body = json.dumps(
        {"count": len(rows), "results": rows}, cls=DjangoJSONEncoder, ensure_ascii=False
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
