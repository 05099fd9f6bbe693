from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sciencecity.core"
    label = "core"
