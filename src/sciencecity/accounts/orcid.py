"""A person who logs in with ORCID has their ORCID iD on their profile (used only when ORCID is on)."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class OrcidAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request: Any, sociallogin: Any, data: dict[str, Any]) -> Any:
        user = super().populate_user(request, sociallogin, data)
        if sociallogin.account.provider == "orcid" and not getattr(user, "orcid", ""):
            user.orcid = sociallogin.account.uid
        return user
