from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "sciencecity.registry"
    label = "registry"
    verbose_name = _("Innovation map")

    def ready(self) -> None:
        from sciencecity.registry import counts, pagecache

        counts.connect()
        pagecache.watch(*(m for m in self.get_models() if m._meta.model_name != "registrygeneration"))
