from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sciencecity.demo"
    label = "demo"
