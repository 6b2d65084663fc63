"""What coordinators have to do now, counted: the to-dos on their start page. Reads only other
apps' QuerySets (stats owns no rules of its own); each to-do links to the tool that does it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import ngettext

from veckan.activities.models import Activity, Status
from veckan.awards.models import Award, Nomination
from veckan.editions.models import Edition
from veckan.organisations.models import Organisation
from veckan.pages.models import AccessibilityFeedback
from veckan.signups.services import unreported_attendance
from veckan.solutions.models import Solution


@dataclass(frozen=True)
class ToDo:
    text: str  # "3 aktiviteter att granska"
    count: int
    url: str


def coordinator_todos(edition: Edition | None) -> list[ToDo]:
    """Every to-do, also those at zero (a coordinator then sees that nothing waits)."""
    todos = []
    queue = reverse("review:queue")
    if edition is not None:
        activities = Activity.objects.in_edition(edition)
        new = activities.filter(status=Status.SUBMITTED).count()
        changes = activities.filter(has_pending_changes=True).count()
        waiting = activities.filter(status=Status.CHANGES_REQUESTED).count()
        todos += [
            ToDo(
                ngettext(
                    "%(count)d ny aktivitet att granska",
                    "%(count)d nya aktiviteter att granska",
                    new,
                )
                % {"count": new},
                new,
                f"{queue}?status={Status.SUBMITTED}",
            ),
            ToDo(
                ngettext(
                    "%(count)d ändring av en godkänd aktivitet att granska",
                    "%(count)d ändringar av godkända aktiviteter att granska",
                    changes,
                )
                % {"count": changes},
                changes,
                queue,
            ),
            ToDo(
                ngettext(
                    "%(count)d aktivitet väntar på att arrangören ändrar den",
                    "%(count)d aktiviteter väntar på att arrangörerna ändrar dem",
                    waiting,
                )
                % {"count": waiting},
                waiting,
                f"{queue}?status={Status.CHANGES_REQUESTED}",
            ),
        ]
        unreported = unreported_attendance(edition).count()
        todos.append(
            ToDo(
                ngettext(
                    "%(count)d aktivitet har ägt rum utan rapporterad närvaro",
                    "%(count)d aktiviteter har ägt rum utan rapporterad närvaro",
                    unreported,
                )
                % {"count": unreported},
                unreported,
                reverse("stats:attendance_missing"),
            )
        )
        award = Award.objects.filter(edition=edition).first()
        if award is not None:
            screen = award.nominations.filter(status=Nomination.Status.SUBMITTED).count()
            todos.append(
                ToDo(
                    ngettext(
                        "%(count)d nominering till priset att granska",
                        "%(count)d nomineringar till priset att granska",
                        screen,
                    )
                    % {"count": screen},
                    screen,
                    reverse("awards:coordinate"),
                )
            )
    unverified = Organisation.objects.filter(verified_at__isnull=True).count()
    todos.append(
        ToDo(
            ngettext(
                "%(count)d organisation att verifiera",
                "%(count)d organisationer att verifiera",
                unverified,
            )
            % {"count": unverified},
            unverified,
            reverse("organisations:unverified"),
        )
    )
    # Solutions outlive the edition: their review waits whichever edition is current.
    solutions = Solution.objects.awaiting_review().count()
    todos.append(
        ToDo(
            ngettext(
                "%(count)d lösning att granska",
                "%(count)d lösningar att granska",
                solutions,
            )
            % {"count": solutions},
            solutions,
            reverse("solutions:queue"),
        )
    )
    feedback = AccessibilityFeedback.objects.filter(handled=False).count()
    todos.append(
        ToDo(
            ngettext(
                "%(count)d synpunkt på tillgängligheten att hantera",
                "%(count)d synpunkter på tillgängligheten att hantera",
                feedback,
            )
            % {"count": feedback},
            feedback,
            reverse("pages:feedback_list"),
        )
    )
    return todos
