"""The four pages every Swedish public service needs, with their first real text.

The texts live beside this module in legal/<slug>.<sv|en>.md; coordinators keep them current at
/samordning/sidor/, and migration 0005 only creates the pages that are missing. Placeholders
({personuppgiftsansvarig}, {dataskyddsombud}, {webbplats}) are filled in from the settings each time a
page is shown.
"""

import datetime
from pathlib import Path

LEGAL = Path(__file__).resolve().parent / "legal"

ASSESSED_ON = datetime.date(2026, 11, 22)

TITLES = {
    "om": ("Om Innovationsveckan", "About Innovationsveckan"),
    "personuppgifter": ("Så hanterar vi personuppgifter", "How we handle personal data"),
    "kakor": ("Kakor", "Cookies"),
    "tillganglighet": ("Tillgänglighetsredogörelse", "Accessibility statement"),
}


def default_text(slug: str, language: str) -> str:
    return (LEGAL / f"{slug}.{language}.md").read_text(encoding="utf-8")


def default_pages() -> list[dict]:
    """Each page's fields as shipped, in the order they are listed."""
    return [
        {
            "slug": slug,
            "title": title,
            "title_en": title_en,
            "body": default_text(slug, "sv"),
            "body_en": default_text(slug, "en"),
            "assessed_on": ASSESSED_ON if slug == "tillganglighet" else None,
        }
        for slug, (title, title_en) in TITLES.items()
    ]
