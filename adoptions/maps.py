"""The region's transfers as a server-rendered SVG: cities as dots, one arrow per adoption.

Drawn in the frame of ``cities.maps`` (the same background), from the cached transfer graph.
Each arrow bends to its left, so that a city that learnt from another and taught it back gets
two arrows apart; it stops short of the dots so that its head stays visible.
"""

import math
from dataclasses import dataclass

from cities.maps import HEIGHT, WIDTH, project

DOT = 7  # radius of a city's dot, as on the other maps
BEND = 0.18  # how far an arrow bends, as a share of its length


@dataclass(frozen=True)
class Node:
    link: object
    x: float
    y: float
    learnt: int
    taught: int


@dataclass(frozen=True)
class Arrow:
    transfer: object
    path: str


def arrow_path(start, end):
    """A quadratic curve from ``start`` to ``end``, bent left, ending short of both dots."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    gap = min(DOT + 3, length / 3)
    x1, y1, x2, y2 = x1 + ux * gap, y1 + uy * gap, x2 - ux * (gap + 2), y2 - uy * (gap + 2)
    cx = (x1 + x2) / 2 + uy * length * BEND
    cy = (y1 + y2) / 2 - ux * length * BEND
    return f"M{x1:.1f} {y1:.1f} Q{cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}"


class TransferMap:
    width = WIDTH
    height = HEIGHT

    def __init__(self, transfers):
        places, learnt, taught = {}, {}, {}
        for t in transfers:
            places[t.source_city_key] = (t.source_city, project(*t.source_city_at))
            places[t.city_key] = (t.city, project(*t.city_at))
            learnt[t.city_key] = learnt.get(t.city_key, 0) + 1
            taught[t.source_city_key] = taught.get(t.source_city_key, 0) + 1
        self.nodes = sorted(
            (
                Node(link, x, y, learnt.get(key, 0), taught.get(key, 0))
                for key, (link, (x, y)) in places.items()
            ),
            key=lambda node: node.link.title,
        )
        self.arrows = [
            Arrow(t, arrow_path(places[t.source_city_key][1], places[t.city_key][1]))
            for t in transfers
        ]

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"
