from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    name = "sciencecity.showcase"
    label = "showcase"
