"""Identity providers per municipality, and the group claims HR maps to grants."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from employees.models import AccessGrant, Department


class IdentityProvider(models.Model):
    """One municipality's OpenID Connect provider (Entra ID, AD FS, OS2faktor)."""

    municipality = models.ForeignKey(
        Department,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        limit_choices_to={"parent__isnull": True},
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    email_domains = models.CharField(
        _("e-mail domains"),
        max_length=500,
        help_text=_(
            "The domains of the staff's e-mail addresses, separated by commas "
            "(e.g. aarhus.dk, mail.aarhus.dk). The sign-in page picks the provider "
            "by them."
        ),
    )
    issuer = models.URLField(
        _("issuer"),
        help_text=_(
            "Its configuration is read from /.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client id"), max_length=255)
    client_secret = models.CharField(_("client secret"), max_length=500)
    scopes = models.CharField(_("scopes"), max_length=255, default="openid email")
    claim_email = models.CharField(_("e-mail claim"), max_length=100, default="email")
    claim_employee_number = models.CharField(
        _("employee number claim"),
        max_length=100,
        blank=True,
        help_text=_("When it is sent, the employee is found by number, not e-mail."),
    )
    claim_groups = models.CharField(
        _("group claim"),
        max_length=100,
        blank=True,
        help_text=_("Only groups mapped below give access; no group gives any alone."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.domains():
            raise ValidationError({"email_domains": _("Name at least one domain.")})

    def domains(self) -> list[str]:
        return [d.strip().lower() for d in self.email_domains.split(",") if d.strip()]


class GroupGrant(models.Model):
    """HR's explicit rule: members of this group get this access at sign-in."""

    municipality = models.ForeignKey(
        Department,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        limit_choices_to={"parent__isnull": True},
        related_name="+",
    )
    group = models.CharField(_("group"), max_length=255)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AccessGrant.Kind.choices)

    class Meta:
        verbose_name = _("group mapped to access")
        verbose_name_plural = _("groups mapped to access")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "group", "department", "kind"],
                name="group_grant_unique",
            ),
        ]

    def __str__(self):
        return f"{self.group} → {self.kind} @ {self.department}"

    def clean(self):
        if (
            self.department_id
            and self.municipality_id
            and self.department.municipality_id != self.municipality_id
        ):
            raise ValidationError(
                {"department": _("The department belongs to another municipality.")}
            )


class MappedGrant(models.Model):
    """An access grant that exists because of a group claim, so it goes with it."""

    grant = models.OneToOneField(
        AccessGrant, on_delete=models.CASCADE, related_name="+"
    )
    mapping = models.ForeignKey(GroupGrant, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"{self.mapping} ({self.grant_id})"
