"""The survey's and the follow-up's results, added up: what the organiser sees for their activity
and the coordinators for the whole edition. Below MIN_ANSWERS the figures are counted, not shown."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from veckan.activities.models import Activity
from veckan.evaluations.models import (
    MIN_ANSWERS,
    FollowUpAnswer,
    Outcome,
    SurveyInvitation,
    SurveyResponse,
    WillUse,
)


@dataclass
class Summary:
    """One set of answers: shown only with at least MIN_ANSWERS of them."""

    invited: int
    figures: dict
    comments: list[str] = field(default_factory=list)
    follow_up: list[dict] = field(default_factory=list)
    follow_up_comments: list[str] = field(default_factory=list)

    @property
    def answers(self) -> int:
        return self.figures["answers"]

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_ANSWERS

    @property
    def ratings(self) -> list[tuple[int, int]]:
        return [(n, self.figures[f"rating_{n}"]) for n in range(5, 0, -1)]

    @property
    def will_use(self) -> list[tuple[str, int]]:
        return [(label, self.figures[f"will_use_{value}"]) for value, label in WillUse.choices]


def _follow_up(answers) -> list[dict]:
    rounds = answers.summary()
    for row in rounds:
        row["shown"] = row["answers"] >= MIN_ANSWERS
    return rounds


def activity_summary(activity: Activity) -> Summary:
    responses = SurveyResponse.objects.filter(activity=activity)
    follow_ups = FollowUpAnswer.objects.filter(activity=activity)
    summary = Summary(
        invited=SurveyInvitation.objects.filter(signup__activity=activity).count(),
        figures=responses.summary(),
        follow_up=_follow_up(follow_ups),
    )
    if summary.shown:
        summary.comments = responses.comments()
    if follow_ups.count() >= MIN_ANSWERS:
        summary.follow_up_comments = follow_ups.comments()
    return summary


@dataclass
class ActivityRow:
    activity: Activity
    invited: int
    answers: int
    average: float | None
    will_use_yes: int
    follow_up_answers: int
    tried_or_adopted: int

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_ANSWERS

    @property
    def follow_up_shown(self) -> bool:
        return self.follow_up_answers >= MIN_ANSWERS


def edition_summary(edition) -> tuple[Summary, list[ActivityRow]]:
    """The edition's totals and one row per activity that was sent the survey, in a fixed number of
    queries however many activities there are."""
    responses = SurveyResponse.objects.filter(activity__edition=edition)
    follow_ups = FollowUpAnswer.objects.filter(activity__edition=edition)
    invited = dict(
        SurveyInvitation.objects.filter(signup__activity__edition=edition)
        .values_list("signup__activity")
        .annotate(n=Count("pk"))
    )
    per_activity = {
        row["activity"]: row for row in responses.values("activity").annotate(**_row_figures())
    }
    follow_up_per_activity = {
        row["activity"]: row
        for row in follow_ups.values("activity").annotate(
            answers=Count("pk"),
            tried_or_adopted=Count("pk", filter=~_not_yet()),
        )
    }
    activities = Activity.objects.filter(
        pk__in=set(invited) | set(per_activity) | set(follow_up_per_activity)
    ).order_by("starts_at", "title", "pk")
    rows = []
    for activity in activities:
        figures = per_activity.get(activity.pk, {})
        follow_up = follow_up_per_activity.get(activity.pk, {})
        rows.append(
            ActivityRow(
                activity=activity,
                invited=invited.get(activity.pk, 0),
                answers=figures.get("answers", 0),
                average=figures.get("average"),
                will_use_yes=figures.get("will_use_yes", 0),
                follow_up_answers=follow_up.get("answers", 0),
                tried_or_adopted=follow_up.get("tried_or_adopted", 0),
            )
        )
    totals = Summary(
        invited=sum(invited.values()),
        figures=responses.summary(),
        follow_up=_follow_up(follow_ups),
    )
    return totals, rows


def _row_figures() -> dict:
    return {
        "answers": Count("pk"),
        "average": Avg("rating"),
        "will_use_yes": Count("pk", filter=Q(will_use=WillUse.YES)),
    }


def _not_yet() -> Q:
    return Q(outcome=Outcome.NOT_YET)
