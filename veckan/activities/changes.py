"""What participants are told of when it changes: an activity's time, format, place and stream link
as plain values. Take a snapshot before a change and one after; the differences are the news."""

from veckan.activities.models import Activity, Format, Occasion

NOTICED = ("time", "format", "place", "stream_url")


def snapshot(activity: Activity) -> dict:
    return {
        "time": (activity.starts_at, activity.ends_at),
        "format": activity.format,
        "place": activity.place if activity.format != Format.DIGITAL else "",
        "stream_url": activity.stream_url,
    }


def occasion_snapshot(occasion: Occasion) -> dict:
    """The same news for one occasion of a series: its own time and place, the activity's format
    and stream link. Its participants are told when it differs."""
    activity = occasion.activity
    return {
        "time": (occasion.starts_at, occasion.ends_at),
        "format": activity.format,
        "place": occasion.place if activity.format != Format.DIGITAL else "",
        "stream_url": activity.stream_url,
    }


def differences(before: dict, after: dict) -> list[str]:
    """Which of time, format, place and stream link differ between two snapshots."""
    return [name for name in NOTICED if before[name] != after[name]]
