from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "sciencecity.vouchers"
    label = "vouchers"
    verbose_name = _("Innovation vouchers")

    def ready(self) -> None:
        from sciencecity.accounting import signals
        from sciencecity.vouchers import services

        signals.invoice_cancelled.connect(services.on_invoice_cancelled, dispatch_uid="vouchers-cancelled")
        signals.credit_note_issued.connect(services.on_credit_note_issued, dispatch_uid="vouchers-credited")
