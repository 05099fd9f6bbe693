from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "sciencecity.proposals"
    label = "proposals"
    verbose_name = _("Calls and proposals")

    def ready(self) -> None:
        from sciencecity.accounts import workplaces

        workplaces.register(_("My proposals"), "proposals:mine", order=workplaces.OWN)
        workplaces.register(_("Invitations to proposals"), "proposals:invitations", order=workplaces.OWN + 1)
