from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veckan.accounts.permissions import coordinator_required
from veckan.lib.email import absolute
from veckan.organisations import services
from veckan.organisations.forms import (
    ApiTokenForm,
    EmbedForm,
    InvitationForm,
    OrganisationForm,
    RoleForm,
)
from veckan.organisations.models import Invitation, Membership, Organisation


def _membership(request: HttpRequest, slug: str, *, admin: bool = False) -> Membership:
    """The user's membership of the organisation; 404 for other organisations, 403 for non-admins."""
    membership = (
        Membership.objects.select_related("organisation", "organisation__home_municipality")
        .filter(user=request.user, organisation__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    if admin and not membership.is_admin:
        raise PermissionDenied(_("Bara organisationens administratörer kan göra det här."))
    return membership


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    memberships = Membership.objects.filter(user=request.user).select_related(
        "organisation", "organisation__home_municipality"
    )
    invitations = (
        Invitation.objects.open().for_email(request.user.email).select_related("organisation")
    )
    context = {
        "memberships": memberships,
        "invitations": invitations,
        "join_requests": request.user.join_requests.open().select_related("organisation"),
    }
    return render(request, "organisations/mine.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if form.is_valid():
        organisation = services.create_organisation(
            creator=request.user, organisation=form.instance
        )
        messages.success(
            request,
            _("%(name)s är registrerad. Du är administratör för den.") % {"name": organisation},
        )
        return redirect(organisation)
    return render(request, "organisations/form.html", {"form": form, "existing": form.existing})


@login_required
@require_POST
def embed_settings(request: HttpRequest, slug: str) -> HttpResponse:
    membership = _membership(request, slug, admin=True)
    form = EmbedForm(request.POST, instance=membership.organisation)
    if form.is_valid():
        form.save()
        messages.success(request, _("Inbäddningen är sparad."))
        return redirect(f"{membership.organisation.get_absolute_url()}#embed")
    return _render_detail(request, membership, InvitationForm(), status=400, embed_form=form)


@login_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask the administrators of an organisation that is already registered to let one in."""
    organisation = get_object_or_404(Organisation, slug=slug)
    try:
        services.request_to_join(organisation=organisation, user=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Din förfrågan är skickad till administratörerna för %(organisation)s.")
            % {"organisation": organisation},
        )
    return redirect("organisations:mine")


@login_required
@require_POST
def join_request(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _membership(request, slug, admin=True).organisation
    asking = get_object_or_404(organisation.join_requests.select_related("user"), pk=pk)
    approve = request.POST.get("action") == "approve"
    try:
        services.answer_join_request(join_request=asking, approve=approve, answered_by=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        done = _("%(user)s är nu medlem.") if approve else _("Förfrågan från %(user)s är avböjd.")
        messages.success(request, done % {"user": asking.user})
    return redirect(organisation)


@coordinator_required
def unverified(request: HttpRequest) -> HttpResponse:
    """The organisations nobody has vouched for yet, oldest first, for coordinators to verify."""
    organisations = (
        Organisation.objects.filter(verified_at__isnull=True)
        .select_related("created_by", "home_municipality")
        .annotate(activity_count=Count("activities"))
        .order_by("created_at", "name")
    )
    return render(request, "organisations/unverified.html", {"organisations": organisations})


@coordinator_required
@require_POST
def verify(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator vouches for an organisation, from the review page of one of its activities."""
    organisation = get_object_or_404(Organisation, slug=slug)
    services.verify_organisation(organisation=organisation, verified_by=request.user)
    messages.success(request, _("%(organisation)s är verifierad.") % {"organisation": organisation})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("review:queue")
    return redirect(back)


def _render_detail(
    request: HttpRequest,
    membership: Membership,
    form: InvitationForm,
    status=200,
    token_form: ApiTokenForm | None = None,
    embed_form: EmbedForm | None = None,
):
    organisation = membership.organisation
    context = {
        "membership": membership,
        "organisation": organisation,
        "members": organisation.memberships.select_related("user").order_by("user__email"),
        "invitations": organisation.invitations.open(),
        "join_requests": organisation.join_requests.open().select_related("user")
        if membership.is_admin
        else [],
        "invitation_form": form,
        "api_tokens": organisation.api_tokens.select_related("created_by")
        if membership.is_admin
        else [],
        "token_form": token_form or ApiTokenForm(),
        "embed_form": embed_form or EmbedForm(instance=organisation),
        "embed_url": absolute(reverse("program:embed", args=[organisation.slug])),
        "embed_script": absolute(static("embed/embed.js")),
    }
    return render(request, "organisations/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_detail(request, _membership(request, slug), InvitationForm())


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _membership(request, slug, admin=True).organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    if form.is_valid():
        services.save_organisation(organisation=form.save(commit=False))
        messages.success(request, _("Ändringarna är sparade."))
        return redirect(organisation)
    return render(request, "organisations/form.html", {"form": form, "organisation": organisation})


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    membership = _membership(request, slug, admin=True)
    organisation = membership.organisation
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invite(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
                site_url=settings.SITE_URL,
                language=get_language(),
            )
        except services.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Inbjudan är skickad till %(email)s.") % form.cleaned_data)
        return redirect(organisation)
    return _render_detail(request, membership, form, status=400)


@login_required
@require_POST
def member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _membership(request, slug, admin=True).organisation
    target = get_object_or_404(organisation.memberships, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(membership=target, role=form.cleaned_data["role"])
        except services.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Rollen är ändrad."))
    return redirect(organisation)


@login_required
def remove_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Asks first: who is removed, and what they lose; removes on the confirming POST."""
    organisation = _membership(request, slug, admin=True).organisation
    target = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    if request.method == "POST":
        try:
            services.remove_member(membership=target)
        except services.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(user)s är borttagen ur organisationen.") % {"user": target.user}
            )
        return redirect(organisation)
    context = {
        "organisation": organisation,
        "target": target,
        "is_self": target.user == request.user,
    }
    return render(request, "organisations/remove_member.html", context)


@login_required
@require_POST
def invitation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Send an open invitation again, or take it back."""
    organisation = _membership(request, slug, admin=True).organisation
    invitation = get_object_or_404(organisation.invitations, pk=pk)
    try:
        if request.POST.get("action") == "withdraw":
            services.withdraw_invitation(invitation=invitation)
            messages.success(
                request, _("Inbjudan till %(email)s är återkallad.") % {"email": invitation.email}
            )
        else:
            services.resend_invitation(
                invitation=invitation,
                resent_by=request.user,
                site_url=settings.SITE_URL,
                language=get_language(),
            )
            messages.success(
                request,
                _("Inbjudan är skickad igen till %(email)s och gäller i 14 dagar från nu.")
                % {"email": invitation.email},
            )
    except services.MembershipError as error:
        messages.error(request, str(error))
    return redirect(organisation)


def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's landing page: who invited whom to what, as what. Anyone with the link may
    read it (the token is the secret); accepting needs an account with the invited address,
    and the sign-up form comes with that address filled in."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        return render(request, "organisations/accept.html", {"invitation": None}, status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except services.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Välkommen till %(organisation)s!") % {"organisation": invitation.organisation},
            )
            return redirect(invitation.organisation)
    here = request.get_full_path()
    context = {
        "invitation": invitation,
        "signup_url": f"{reverse('account_signup')}?{urlencode({'email': invitation.email, 'next': here})}",
        "login_url": f"{reverse('account_login')}?{urlencode({'next': here})}",
        "wrong_account": request.user.is_authenticated
        and request.user.email.lower() != invitation.email.lower(),
    }
    return render(request, "organisations/accept.html", context)


@login_required
@require_POST
def create_token(request: HttpRequest, slug: str) -> HttpResponse:
    """A new API key, shown once on the page this POST answers (never redirected to, stored or
    put in a message, so it lives nowhere but in this answer)."""
    membership = _membership(request, slug, admin=True)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, membership, InvitationForm(), 400, token_form=form)
    api_token, token = services.create_api_token(
        organisation=membership.organisation, name=form.cleaned_data["name"], by=request.user
    )
    response = render(
        request,
        "organisations/token_created.html",
        {"organisation": membership.organisation, "api_token": api_token, "token": token},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_token(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _membership(request, slug, admin=True).organisation
    api_token = get_object_or_404(organisation.api_tokens, pk=pk)
    services.revoke_api_token(api_token=api_token, by=request.user)
    messages.success(
        request,
        _("API-nyckeln ”%(name)s” är återkallad och fungerar inte längre.")
        % {"name": api_token.name},
    )
    return redirect(organisation)
