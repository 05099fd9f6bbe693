from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "sciencecity.vouchers"
    label = "vouchers"
    verbose_name = _("Innovation vouchers")

    def ready(self) -> None:
        from sciencecity.accounting import signals
        from sciencecity.accounts import workplaces
        from sciencecity.vouchers import permissions, services

        signals.invoice_cancelled.connect(services.on_invoice_cancelled, dispatch_uid="vouchers-cancelled")
        signals.credit_note_issued.connect(services.on_credit_note_issued, dispatch_uid="vouchers-credited")

        workplaces.register(
            _("My organisation's innovation vouchers"),
            "vouchers:mine",
            order=workplaces.OWN + 6,
            opens_for=permissions.may_hold_vouchers,
        )
        workplaces.register(
            _("Voucher claims we make"),
            "vouchers:claims",
            order=workplaces.STAFF + 7,
            opens_for=lambda user: permissions.provider_organisations(user).exists(),
        )
        workplaces.register(
            _("Voucher applications and claims"),
            "vouchers:queue",
            order=workplaces.AGENCY,
            opens_for=lambda user: permissions.agencies(user).exists(),
        )
        workplaces.register(
            _("Voucher spending"),
            "vouchers:dashboard",
            order=workplaces.AGENCY + 1,
            opens_for=lambda user: permissions.agencies(user).exists(),
        )
