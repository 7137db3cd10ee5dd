from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "autolend.audit"
    label = "audit"
    verbose_name = "Audit trail"
