from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "competences"
    verbose_name = _("Competences")

    def ready(self):
        # Models exist only once apps are ready, hence the imports here.
        from competences.models import Assessment
        from employees.audit import track

        track(Assessment, mask_fields=["note"])
