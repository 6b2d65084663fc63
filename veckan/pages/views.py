from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from veckan.accounts.permissions import coordinator_required
from veckan.activities.models import Activity
from veckan.editions.models import Edition
from veckan.lib import ratelimit
from veckan.lib.markdown import render_markdown
from veckan.pages import services
from veckan.pages.forms import AccessibilityFeedbackForm, PageForm
from veckan.pages.models import AccessibilityFeedback, Page, fill_placeholders

# Enough for a person with several problems to report; too few to be worth a robot's while.
FEEDBACK_LIMIT = 5
FEEDBACK_WINDOW_SECONDS = 10 * 60


FEATURED_ON_HOME = 6


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: this server answers. Touches no database, sets no cookie; the smallest
    view there is, so the benchmark uses it as Django's floor.

    `?full=1` is for operators: the database, the cache and the outbox backlog, each on its own, as
    JSON; 503 when the database is down (this server can do nothing), 200 with `cache: down` when only
    the cache is (pages answer, slower)."""
    if request.GET.get("full") != "1":
        return HttpResponse("ok", content_type="text/plain; charset=utf-8")
    report = services.health_report()
    response = JsonResponse(report, status=200 if report["database"] == "ok" else 503)
    response["Cache-Control"] = "no-store"
    return response


def home(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    now = timezone.now()
    featured = []
    if edition is not None and edition.is_program_published(now):
        featured = list(
            Activity.objects.published(now)
            .in_edition(edition)
            .filter(is_featured=True)
            .select_related("organisation", "municipality")
            .order_by("starts_at", "title", "pk")[:FEATURED_ON_HOME]
        )
    award = getattr(edition, "award", None) if edition is not None else None
    return render(
        request,
        "pages/home.html",
        {
            "edition": edition,
            "featured": featured,
            "program_published": edition is not None and edition.is_program_published(now),
            "voting_award": award if award is not None and award.is_voting(now) else None,
            "registration_open": edition is not None and edition.is_registration_open(now),
            "registration_not_yet_open": edition is not None and now < edition.registration_opens,
        },
    )


def page(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(Page, slug=slug)
    title, body, swedish_stands_in = page.in_language(request.LANGUAGE_CODE)
    site_url = request.build_absolute_uri(reverse("home"))
    return render(
        request,
        "pages/page.html",
        {
            "page": page,
            "title": title,
            "body_html": render_markdown(fill_placeholders(body, site_url=site_url)),
            "swedish_stands_in": swedish_stands_in,
        },
    )


def feedback(request: HttpRequest) -> HttpResponse:
    form = AccessibilityFeedbackForm(request.POST or None)
    if form.is_valid():
        key = f"accessibility-feedback:{ratelimit.client_network(request)}"
        if not ratelimit.hit(key, limit=FEEDBACK_LIMIT, window_seconds=FEEDBACK_WINDOW_SECONDS):
            response = render(request, "pages/feedback_limited.html", status=429)
            response["Retry-After"] = str(FEEDBACK_WINDOW_SECONDS)
            return response
        # A filled-in honeypot gets the same thank-you, so a robot learns nothing; nothing is kept.
        if not form.is_from_robot:
            form.save()
        return redirect("pages:feedback_thanks")
    return render(request, "pages/feedback.html", {"form": form})


def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/feedback_thanks.html")


@coordinator_required
def manage_pages(request: HttpRequest) -> HttpResponse:
    pages = Page.objects.select_related("updated_by")
    return render(request, "pages/manage.html", {"pages": pages})


@coordinator_required
def edit_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(Page, slug=slug)
    form = PageForm(request.POST or None, instance=page)
    if form.is_valid():
        services.update_page(page=page, editor=request.user, **form.cleaned_data)
        messages.success(request, _("Sidan %(page)s är sparad.") % {"page": page.title})
        return redirect("pages:manage")
    return render(request, "pages/edit.html", {"form": form, "page": page})


@coordinator_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    feedback = AccessibilityFeedback.objects.for_coordinators()
    return render(request, "pages/feedback_list.html", {"feedback": feedback})


@coordinator_required
@require_POST
def mark_handled(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(AccessibilityFeedback, pk=pk)
    services.mark_feedback_handled(feedback=feedback, coordinator=request.user)
    messages.success(request, _("Synpunkten är markerad som hanterad."))
    return redirect("pages:feedback_list")
