from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "sciencecity.visits"
    label = "visits"
    verbose_name = _("Training and qualification")

    def ready(self) -> None:
        from sciencecity.accounts import workplaces
        from sciencecity.visits import permissions

        workplaces.register(
            _("My training and qualifications"), "visits:qualifications", order=workplaces.OWN + 2
        )
        workplaces.register(
            _("Training records"),
            "visits:staff",
            order=workplaces.STAFF + 4,
            opens_for=permissions.is_training_staff,
        )
