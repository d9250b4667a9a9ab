"""Horizontal bar charts drawn on the server as SVG; the numbers are also given as a table."""

from dataclasses import dataclass

MAX_LABEL_WIDTH = 190
CHARACTER_WIDTH = 8  # at the 14 px font of the chart's labels
BAR_AREA = 300
ROW_HEIGHT = 30


@dataclass
class Bar:
    label: str
    value: object  # a number, or None when unknown
    y: int
    width: float
    label_width: int
    href: str = ""
    css_class: str = ""

    @property
    def text_x(self):
        return self.label_width + self.width + 6

    @property
    def text_y(self):
        return self.y + ROW_HEIGHT // 2 + 5


class BarChart:
    """``rows`` are (label, value[, href[, css class]]); bars are scaled to the largest value."""

    bar_height = ROW_HEIGHT - 10

    def __init__(self, title, rows, unit=""):
        self.title = title
        self.unit = unit
        rows = [tuple(row) + ("", "")[: 4 - len(row)] for row in rows]
        longest = max((len(str(row[0])) for row in rows), default=0)
        self.label_width = min(MAX_LABEL_WIDTH, CHARACTER_WIDTH * longest + 12)
        self.width = self.label_width + BAR_AREA + 90
        largest = max((float(row[1]) for row in rows if row[1] is not None), default=0)
        self.bars = [
            Bar(
                label=label,
                value=value,
                y=index * ROW_HEIGHT,
                width=round(float(value) / largest * BAR_AREA, 1) if value and largest else 0,
                label_width=self.label_width,
                href=href,
                css_class=css_class,
            )
            for index, (label, value, href, css_class) in enumerate(rows)
        ]
        self.height = max(len(self.bars), 1) * ROW_HEIGHT
