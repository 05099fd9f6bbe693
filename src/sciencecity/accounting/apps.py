from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountingConfig(AppConfig):
    name = "sciencecity.accounting"
    label = "accounting"
    verbose_name = _("Usage and accounting")

    def ready(self) -> None:
        from sciencecity.accounting.models import Rate
        from sciencecity.registry import pagecache

        pagecache.watch(Rate)  # the facility pages show the published rates
