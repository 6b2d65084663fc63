"""QR codes for sharing a page on a poster or a screen: inline SVG drawn on the server, no script,
no external service."""

import io
from functools import lru_cache
from html import escape

import segno
from django.utils.safestring import SafeString, mark_safe


# A URL's code never changes, and drawing one took a quarter of an activity page's time: each
# process keeps the latest few thousand (some 4 kB each), with no query or cache round trip.
@lru_cache(maxsize=2048)
def _drawn(url: str) -> str:
    return segno.make(url, error="m").svg_inline(
        scale=4, border=2, svgclass="qr", lineclass=None, omitsize=True
    )


def qr_svg(url: str, *, label: str) -> SafeString:
    """The URL as a QR code in an <svg role="img"> named by `label`, scaled by CSS (class "qr")."""
    svg = _drawn(url)
    opening = f'<svg role="img" aria-label="{escape(label)}" '
    return mark_safe(svg.replace("<svg ", opening, 1))  # segno's own markup; the label is escaped


@lru_cache(maxsize=512)
def qr_svg_file(url: str) -> bytes:
    """The URL as a QR code in an SVG file of its own, for an <img>: a page that shows it pays
    nothing for drawing it (the browser asks for it once and keeps it)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False)
    return out.getvalue()
