from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteVisitsConfig(AppConfig):
    name = "sciencecity.sitevisits"
    label = "sitevisits"
    verbose_name = _("Site visits for allocated beamtime")
