from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountingConfig(AppConfig):
    name = "sciencecity.accounting"
    label = "accounting"
    verbose_name = _("Usage and accounting")

    def ready(self) -> None:
        from sciencecity.accounting import permissions
        from sciencecity.accounting.models import Rate
        from sciencecity.accounts import workplaces
        from sciencecity.registry import pagecache

        pagecache.watch(Rate)  # the facility pages show the published rates

        workplaces.register(_("My instrument sessions"), "accounting:mine", order=workplaces.OWN + 4)
        workplaces.register(
            _("My organisation's invoices"),
            "invoices:mine",
            order=workplaces.OWN + 5,
            opens_for=lambda user: user.organisation_id is not None,
        )
        workplaces.register(
            _("Instrument usage"),
            "accounting:usage",
            order=workplaces.STAFF + 5,
            opens_for=lambda user: permissions.usage_instruments(user).exists(),
        )
        workplaces.register(
            _("Invoices we send"),
            "invoices:provider",
            order=workplaces.STAFF + 6,
            opens_for=lambda user: permissions.billed_providers(user).exists(),
        )
