from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sciencecity.accounts"
    label = "accounts"
    verbose_name = "Accounts"
