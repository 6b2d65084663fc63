"""What every part of the demo shares: its random seed and its moments in local time."""

import unicodedata
from datetime import date, datetime, time

from django.utils import timezone

DEMO_SEED = 2026


def moment_at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def ascii_lower(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def local_time(day: date, minutes: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(minutes // 60, minutes % 60)))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
