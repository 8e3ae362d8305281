"""The site icon as ICO and PNG, drawn with Pillow from the same geometry as
ocop/core/static/ocop/favicon.svg (no third-party asset, nothing binary in the repository)."""

import io
import math
from functools import cache

from PIL import Image, ImageDraw

GREEN = (21, 128, 61, 255)
YELLOW = (253, 224, 71, 255)
SIZE = 64  # the SVG's viewBox


def star_points(cx=32.0, cy=32.0, outer=24.0, inner=10.4) -> list[tuple[float, float]]:
    """The five-pointed star of the SVG (point up), in viewBox units."""
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw(size: int) -> Image.Image:
    scale = 4  # draw large, shrink: smooth edges without an antialiasing library
    big = size * scale
    factor = big / SIZE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(image)
    canvas.rounded_rectangle((0, 0, big - 1, big - 1), radius=12 * factor, fill=GREEN)
    canvas.polygon([(x * factor, y * factor) for x, y in star_points()], fill=YELLOW)
    return image.resize((size, size), Image.Resampling.LANCZOS)


@cache
def png(size: int = 180) -> bytes:
    out = io.BytesIO()
    draw(size).save(out, format="PNG", optimize=True)
    return out.getvalue()


@cache
def ico() -> bytes:
    out = io.BytesIO()
    draw(64).save(out, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return out.getvalue()
