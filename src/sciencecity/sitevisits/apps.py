from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteVisitsConfig(AppConfig):
    name = "sciencecity.sitevisits"
    label = "sitevisits"
    verbose_name = _("Site visits for allocated beamtime")

    def ready(self) -> None:
        from sciencecity.accounts import workplaces
        from sciencecity.sitevisits import permissions

        workplaces.register(
            _("Visits to review"),
            "sitevisits:queue",
            order=workplaces.STAFF + 2,
            opens_for=lambda user: permissions.safety_facilities(user).exists(),
        )
