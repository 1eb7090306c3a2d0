from django.apps import AppConfig


class CipConfig(AppConfig):
    name = "cip"
    verbose_name = "Partnership core"
