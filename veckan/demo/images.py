"""The demo's pictures, drawn from a motif and the demo's random stream."""

import random
from io import BytesIO
from math import pi, sin

from PIL import Image, ImageDraw, ImageOps

IMAGE_SIZE = (960, 540)


def draw_picture(motif: str, rng: random.Random) -> BytesIO:
    """A simple, calm picture as a PNG: a gradient sky and a few shapes."""
    width, height = IMAGE_SIZE
    painters = {
        "sun_hills": _sun_hills,
        "lake_forest": _lake_forest,
        "city": _city,
        "network": _network,
        "northern_lights": _northern_lights,
        "archipelago": _archipelago,
        "circles": _circles,
        "fields": _fields,
        "bridge": _bridge,
    }
    image = painters[motif](rng, width, height)
    output = BytesIO()
    image.save(output, "PNG", compress_level=1)
    output.seek(0)
    return output


def _gradient(width: int, height: int, top: tuple, bottom: tuple) -> Image.Image:
    ramp = Image.linear_gradient("L").resize((width, height))
    return ImageOps.colorize(ramp, black=top, white=bottom)


def _wave(width: int, base: float, amplitude: float, length: float, phase: float) -> list:
    return [
        (x, base + amplitude * sin(2 * pi * x / length + phase)) for x in range(0, width + 8, 8)
    ]


def _sun_hills(rng, width, height):
    image = _gradient(width, height, (110, 190, 240), (225, 243, 255))
    draw = ImageDraw.Draw(image, "RGBA")
    x, y = width * rng.uniform(0.6, 0.8), height * 0.28
    draw.ellipse((x - 70, y - 70, x + 70, y + 70), fill=(255, 212, 80))
    for layer, colour in enumerate(((140, 200, 100), (90, 165, 75), (55, 125, 60))):
        base = height * (0.55 + 0.13 * layer)
        points = _wave(width, base, rng.uniform(20, 45), rng.uniform(500, 900), rng.uniform(0, 6))
        draw.polygon([*points, (width, height), (0, height)], fill=colour)
    return image


def _lake_forest(rng, width, height):
    image = _gradient(width, height, (80, 70, 130), (250, 180, 110))
    draw = ImageDraw.Draw(image, "RGBA")
    horizon = int(height * 0.62)
    water = _gradient(width, height - horizon, (60, 70, 110), (25, 35, 60))
    image.paste(water, (0, horizon))
    x = -20
    while x < width:
        tall = rng.randint(60, 160)
        draw.polygon([(x, horizon), (x + 18, horizon - tall), (x + 36, horizon)], fill=(20, 55, 40))
        draw.polygon(
            [(x, horizon), (x + 18, horizon + tall * 0.6), (x + 36, horizon)],
            fill=(20, 55, 40, 90),
        )
        x += rng.randint(22, 40)
    return image


def _city(rng, width, height):
    image = _gradient(width, height, (60, 40, 100), (240, 150, 120))
    draw = ImageDraw.Draw(image, "RGBA")
    x = 0
    while x < width:
        wide, tall = rng.randint(40, 100), rng.randint(80, 320)
        top = height - tall
        draw.rectangle((x, top, x + wide, height), fill=(40, 30, 70))
        for wy in range(top + 12, height - 10, 22):
            for wx in range(x + 8, x + wide - 10, 16):
                if rng.random() < 0.35:
                    draw.rectangle((wx, wy, wx + 7, wy + 10), fill=(255, 220, 120))
        x += wide + rng.randint(2, 10)
    return image


def _network(rng, width, height):
    image = _gradient(width, height, (10, 30, 80), (30, 80, 150))
    draw = ImageDraw.Draw(image, "RGBA")
    points = [(rng.uniform(30, width - 30), rng.uniform(30, height - 30)) for _ in range(40)]
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1 :]:
            if (x1 - x2) ** 2 + (y1 - y2) ** 2 < 170**2:
                draw.line((x1, y1, x2, y2), fill=(160, 210, 255, 110), width=2)
    for x, y in points:
        r = rng.uniform(4, 9)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(235, 245, 255))
    return image


def _northern_lights(rng, width, height):
    image = _gradient(width, height, (5, 10, 30), (25, 45, 80))
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(140):
        x, y = rng.uniform(0, width), rng.uniform(0, height * 0.7)
        draw.point((x, y), fill=(255, 255, 255))
    for band in range(4):
        top = _wave(width, height * (0.18 + 0.08 * band), 40, rng.uniform(400, 800), band)
        thickness = rng.uniform(60, 110)
        bottom = [(x, y + thickness) for x, y in reversed(top)]
        draw.polygon(top + bottom, fill=(90, 255, 170, 55))
    snow = _wave(width, height * 0.8, 18, 700, 1.0)
    draw.polygon([*snow, (width, height), (0, height)], fill=(225, 235, 248))
    return image


def _archipelago(rng, width, height):
    image = _gradient(width, height, (200, 225, 240), (248, 240, 222))
    draw = ImageDraw.Draw(image, "RGBA")
    horizon = int(height * 0.55)
    draw.ellipse(
        (width * 0.2 - 50, horizon - 170, width * 0.2 + 50, horizon - 70), fill=(255, 246, 205)
    )
    image.paste(_gradient(width, height - horizon, (110, 165, 205), (45, 95, 150)), (0, horizon))
    for _ in range(9):
        x, y = rng.uniform(0, width), rng.uniform(horizon + 10, height - 30)
        wide, tall = rng.uniform(40, 140), rng.uniform(10, 30)
        draw.ellipse((x - wide, y - tall, x + wide, y + tall * 0.4), fill=(120, 120, 105))
        draw.ellipse((x - wide * 0.6, y - tall * 1.3, x + wide * 0.5, y), fill=(85, 115, 75))
    return image


def _circles(rng, width, height):
    image = _gradient(width, height, (250, 245, 238), (232, 240, 250))
    draw = ImageDraw.Draw(image, "RGBA")
    colours = ((255, 170, 170), (170, 210, 255), (190, 240, 190), (255, 225, 150), (210, 180, 250))
    for _ in range(14):
        x, y, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(40, 160)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*rng.choice(colours), 120))
    return image


def _fields(rng, width, height):
    image = _gradient(width, height, (80, 150, 225), (205, 232, 255))
    draw = ImageDraw.Draw(image, "RGBA")
    y, band = height * 0.45, 10.0
    colours = ((235, 200, 80), (120, 180, 80), (200, 220, 100), (90, 150, 70))
    index = 0
    while y < height:
        tilt = rng.uniform(-12, 12)
        draw.polygon(
            [(0, y), (width, y + tilt), (width, y + tilt + band + 2), (0, y + band + 2)],
            fill=colours[index % len(colours)],
        )
        y, band, index = y + band, band * 1.35, index + 1
    return image


def _bridge(rng, width, height):
    horizon = int(height * 0.62)
    image = _gradient(width, height, (245, 120, 85), (255, 212, 145))
    draw = ImageDraw.Draw(image, "RGBA")
    sun_x = width * rng.uniform(0.35, 0.65)
    draw.ellipse((sun_x - 60, horizon - 60, sun_x + 60, horizon + 60), fill=(255, 240, 190))
    image.paste(_gradient(width, height - horizon, (60, 55, 90), (20, 25, 50)), (0, horizon))
    draw.arc((-80, horizon - 260, width + 80, horizon + 140), 195, 345, fill=(45, 30, 50), width=14)
    deck = horizon - 40
    draw.rectangle((0, deck, width, deck + 10), fill=(45, 30, 50))
    for x in range(60, width, 90):
        draw.line((x, deck, x, horizon), fill=(45, 30, 50), width=6)
    return image
