from django.apps import AppConfig


class RegistryCliConfig(AppConfig):
    """The registry's commands (`sciencecity import`), in an app of their own so that it can be listed
    before django-import-export, whose own `import` command it replaces."""

    name = "sciencecity.registry.cli"
    label = "registry_cli"
