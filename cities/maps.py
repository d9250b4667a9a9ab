"""Server-rendered SVG maps of the region: positions of cities in an equirectangular frame.

The frame covers ASEAN (longitude 92–128 °E, latitude 11 °S–24 °N). No tiles or scripts are
fetched: the template draws the SVG from these numbers, so the map works offline and without
JavaScript.
"""

from dataclasses import dataclass

WEST, EAST, SOUTH, NORTH = 92.0, 128.0, -11.0, 24.0
WIDTH = 720
HEIGHT = round(WIDTH * (NORTH - SOUTH) / (EAST - WEST))


@dataclass(frozen=True)
class Marker:
    city: object
    x: float
    y: float
    highlighted: bool


def project(latitude, longitude):
    """Map coordinates to SVG user units within the frame."""
    x = (float(longitude) - WEST) / (EAST - WEST) * WIDTH
    y = (NORTH - float(latitude)) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


class RegionMap:
    width = WIDTH
    height = HEIGHT

    def __init__(self, cities, highlight=None):
        self.markers = []
        for city in cities:
            x, y = project(city.latitude, city.longitude)
            self.markers.append(
                Marker(city, x, y, highlight is not None and city.pk == highlight.pk)
            )

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"
