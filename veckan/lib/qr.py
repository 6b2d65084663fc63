"""QR codes for sharing a page on a poster or a screen: inline SVG drawn on the server, no script,
no external service."""

from html import escape

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, label: str) -> SafeString:
    """The URL as a QR code in an <svg role="img"> named by `label`, scaled by CSS (class "qr")."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4, border=2, svgclass="qr", lineclass=None, omitsize=True
    )
    opening = f'<svg role="img" aria-label="{escape(label)}" '
    return mark_safe(svg.replace("<svg ", opening, 1))  # segno's own markup; the label is escaped
