from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "ocop.ops.synth"
    label = "synth"
    verbose_name = "Dữ liệu tổng hợp"
