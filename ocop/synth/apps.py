from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "ocop.synth"
    verbose_name = "Dữ liệu tổng hợp"
