"""Log in with ORCID (allauth's ORCID provider), switched on by the environment only.

ORCID_CLIENT_ID and ORCID_CLIENT_SECRET (from ORCID's developer tools) turn it on; ORCID_SANDBOX=1 uses
sandbox.orcid.org instead of orcid.org; ORCID_MEMBER_API=1 uses the member API instead of the public one.
Without the two variables, allauth's social accounts are not even installed: nothing of it runs in tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class OrcidConfig:
    apps: list[str] = field(default_factory=list)
    providers: dict[str, Any] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return bool(self.apps)


def orcid_config(environ: Mapping[str, str]) -> OrcidConfig:
    """The apps to install and allauth's SOCIALACCOUNT_PROVIDERS for ORCID, from these variables."""
    client_id = environ.get("ORCID_CLIENT_ID", "").strip()
    secret = environ.get("ORCID_CLIENT_SECRET", "").strip()
    if not (client_id and secret):
        return OrcidConfig()
    sandbox = environ.get("ORCID_SANDBOX", "").strip().lower() in TRUE
    member_api = environ.get("ORCID_MEMBER_API", "").strip().lower() in TRUE
    return OrcidConfig(
        apps=["allauth.socialaccount", "allauth.socialaccount.providers.orcid"],
        providers={
            "orcid": {
                "BASE_DOMAIN": "sandbox.orcid.org" if sandbox else "orcid.org",
                "MEMBER_API": member_api,
                "APPS": [{"client_id": client_id, "secret": secret, "key": ""}],
            }
        },
    )
