"""Build cities/static/cities/region.svg from Natural Earth country outlines (TopoJSON).

Run once by a developer, not at run time:
    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python tools/build_region_outlines.py package/countries-50m.json

world-atlas (ISC licence) packages Natural Earth's 1:50m admin-0 countries, which are in the
public domain. The outlines are projected into the frame of cities/maps.py, clipped to it,
simplified (Douglas-Peucker, 0.7 px at 720 px wide) and written as one static SVG file that
the server-rendered maps draw under their city markers.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cities.maps import HEIGHT, WIDTH, project  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "cities" / "static" / "cities" / "region.svg"
ASEAN = {"096", "116", "360", "418", "458", "104", "608", "702", "764", "704", "626"}
TOLERANCE = 0.7
EDGE = 2.0  # px outside the frame kept, so coasts run to the edge


def decode_arcs(topology):
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def simplify(points, tolerance):
    if len(points) < 3:
        return points
    start, end = points[0], points[-1]
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = (dx * dx + dy * dy) ** 0.5
    farthest, index = 0.0, 0
    for i, (x, y) in enumerate(points[1:-1], start=1):
        if length:
            distance = abs(dy * x - dx * y + end[0] * start[1] - end[1] * start[0]) / length
        else:
            distance = ((x - start[0]) ** 2 + (y - start[1]) ** 2) ** 0.5
        if distance > farthest:
            farthest, index = distance, i
    if farthest <= tolerance:
        return [start, end]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def clip(points):
    """Sutherland-Hodgman: the part of a closed ring inside the frame (plus EDGE)."""
    low_x, low_y, high_x, high_y = -EDGE, -EDGE, WIDTH + EDGE, HEIGHT + EDGE
    edges = [
        (lambda p: p[0] >= low_x, lambda a, b: _cross_x(a, b, low_x)),
        (lambda p: p[0] <= high_x, lambda a, b: _cross_x(a, b, high_x)),
        (lambda p: p[1] >= low_y, lambda a, b: _cross_y(a, b, low_y)),
        (lambda p: p[1] <= high_y, lambda a, b: _cross_y(a, b, high_y)),
    ]
    for inside, cross in edges:
        if not points:
            break
        result, previous = [], points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        points = result
    return points


def _cross_x(a, b, x):
    return (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))


def _cross_y(a, b, y):
    return (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)


def path_data(polygons, arcs):
    parts = []
    for polygon in polygons:
        for indexes in polygon:
            projected = clip([project(lat, lng) for lng, lat in ring(arcs, indexes)])
            projected = simplify(projected, TOLERANCE)
            if len(projected) < 4:
                continue
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in projected) + "Z")
    return "".join(parts)


def main(source):
    topology = json.loads(Path(source).read_text())
    arcs = decode_arcs(topology)
    outlines = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        d = path_data(polygons, arcs)
        if d:
            outlines.append(
                {
                    "name": geometry["properties"]["name"],
                    "asean": geometry.get("id") in ASEAN,
                    "d": d,
                }
            )
    outlines.sort(key=lambda outline: outline["asean"])  # members drawn last, on top
    paths = "\n".join(
        f'<path class="{"member" if o["asean"] else "other"}" d="{o["d"]}">'
        f"<title>{o['name']}</title></path>"
        for o in outlines
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">\n'
        "<!-- Natural Earth 1:50m admin-0 countries (public domain), via world-atlas 2.0.2 (ISC);"
        " built by tools/build_region_outlines.py -->\n"
        "<style>.other{fill:#e2e6ea}.member{fill:#f7f3e8;stroke:#8c96a3;stroke-width:.8}"
        "path{stroke:#b8c0c9;stroke-width:.6}</style>\n"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#dbe9f4"/>\n{paths}\n</svg>\n'
    )
    print(f"{len(outlines)} outlines, {OUT.stat().st_size:,} bytes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
