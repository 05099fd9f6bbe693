"""The person's own pages: profile and personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sciencecity.accounts.forms import ProfileForm, TokenForm
from sciencecity.accounts.models import User
from sciencecity.accounts.services import profile_update
from sciencecity.accounts.tokens import token_create, token_revoke
from sciencecity.accounts.workplaces import workplaces_of
from sciencecity.core.errors import PermissionDenied


def _page(
    request: HttpRequest, user: User, form: ProfileForm, status: int = 200, **extra: object
) -> HttpResponse:
    context = {
        "form": form,
        "token_form": TokenForm(),
        "tokens": user.api_tokens.all(),
        "workplaces": workplaces_of(user),
        **extra,
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if request.method != "POST":
        return _page(request, user, ProfileForm(initial=ProfileForm.initial_for(user)))
    form = ProfileForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            profile_update(
                user=user,
                display_name=data["display_name"],
                organisation_id=data["organisation"].pk if data["organisation"] else None,
                organisation_named=data["organisation_named"],
                country=data["country"],
                orcid=data["orcid"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return _page(request, user, form, status=422)


@login_required
@require_POST
def token_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = TokenForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    record, secret = token_create(user=user, name=name)
    # The secret is shown on this one answer and never again (it is not stored).
    return _page(
        request, user, ProfileForm(initial=ProfileForm.initial_for(user)), new_token=secret, new_record=record
    )


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        token_revoke(user=user, token_id=token_id)
    except PermissionDenied:
        return render(request, "404.html", status=404)
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:profile")
