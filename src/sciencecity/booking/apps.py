from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "sciencecity.booking"
    label = "booking"
    verbose_name = _("Instrument booking")

    def ready(self) -> None:
        from sciencecity.accounts import workplaces
        from sciencecity.booking import permissions

        workplaces.register(_("My bookings"), "booking:mine", order=workplaces.OWN + 3)
        workplaces.register(
            _("Booking requests"),
            "booking:queue",
            order=workplaces.STAFF + 3,
            opens_for=lambda user: permissions.staff_instruments(user).exists(),
        )
