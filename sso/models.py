"""Identity providers per municipality, and the group claims HR maps to grants."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from employees.models import AccessGrant, Department
from sso.fields import EncryptedTextField

# OIOSAML's attributes for the e-mail address (mail) and the employee's RID
# number, the defaults of a municipality's SAML identity provider.
OIOSAML_EMAIL = "urn:oid:0.9.2342.19200300.100.1.3"
OIOSAML_EMPLOYEE_NUMBER = "dk:gov:saml:attribute:RidNumberIdentifier"


def domain_list(value: str) -> list[str]:
    return [d.strip().lower() for d in value.split(",") if d.strip()]


class Provider(models.Model):
    """What every identity provider row has: a municipality, a name, the
    e-mail domains the sign-in page picks it by, and whether it is on."""

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
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def clean(self):
        if not self.domains():
            raise ValidationError({"email_domains": _("Name at least one domain.")})

    def domains(self) -> list[str]:
        return domain_list(self.email_domains)


class IdentityProvider(Provider):
    """One municipality's OpenID Connect provider (Entra ID, AD FS, OS2faktor)."""

    issuer = models.URLField(
        _("issuer"),
        help_text=_(
            "Its configuration is read from /.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client id"), max_length=255)
    # Encrypted at rest (Fernet, SSO_SECRET_KEYS); the admin never shows it.
    client_secret = EncryptedTextField(_("client secret"))
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

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["name"]


class SamlIdentityProvider(Provider):
    """One municipality's SAML 2.0 identity provider (OIOSAML: KOMBIT's
    Context Handler, AD FS, OS2faktor), beside or instead of OpenID Connect."""

    metadata_url = models.URLField(
        _("metadata address"),
        max_length=500,
        blank=True,
        help_text=_(
            "Where the identity provider publishes its metadata. Kyndig keeps a "
            "copy and fetches it again once a day; a failed fetch keeps the copy."
        ),
    )
    metadata_file = models.CharField(
        _("metadata file"),
        max_length=500,
        blank=True,
        help_text=_("A path on the server to the identity provider's metadata."),
    )
    metadata_xml = models.TextField(
        _("metadata"),
        blank=True,
        help_text=_(
            "The identity provider's metadata (XML): pasted here, or the last good "
            "copy from the address or file."
        ),
    )
    metadata_fetched_at = models.DateTimeField(
        _("metadata read at"), null=True, blank=True, editable=False
    )
    entity_id = models.CharField(
        _("entity id"), max_length=500, blank=True, editable=False
    )
    attribute_email = models.CharField(
        _("e-mail attribute"), max_length=200, default=OIOSAML_EMAIL
    )
    attribute_employee_number = models.CharField(
        _("employee number attribute"),
        max_length=200,
        blank=True,
        # Empty: OIOSAML's RID number (OIOSAML_EMPLOYEE_NUMBER) belongs to the
        # person's certificate and is rarely HR's employee number, and matching
        # by a number that differs would refuse everyone.
        default="",
        help_text=_(
            "When it is sent, the employee is found by number, not e-mail: HR's "
            "employee numbers must then be the ones the provider sends. Leave it "
            "empty to match by e-mail only."
        ),
    )

    class Meta:
        verbose_name = _("SAML identity provider")
        verbose_name_plural = _("SAML identity providers")
        ordering = ["name"]


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
