from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "sciencecity.review"
    label = "review"
    verbose_name = _("Review")

    def ready(self) -> None:
        from sciencecity.accounts import workplaces
        from sciencecity.core.roles import Role, has_role
        from sciencecity.proposals.permissions import calls_managed_by, scientist_instruments

        def is_reviewer(user: Any) -> bool:
            return (
                has_role(user, Role.REVIEWER) or has_role(user, Role.PANEL_CHAIR) or user.panel_seats.exists()
            )

        workplaces.register(
            _("My reviews"),
            "review:queue",
            order=workplaces.OWN + 7,
            opens_for=is_reviewer,
        )
        workplaces.register(
            _("Calls I run"),
            "review:calls",
            order=workplaces.STAFF,
            opens_for=lambda user: calls_managed_by(user).exists(),
        )
        workplaces.register(
            _("Technical reviews"),
            "review:technical",
            order=workplaces.STAFF + 1,
            opens_for=lambda user: scientist_instruments(user).exists(),
        )
