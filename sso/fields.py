"""Secrets kept encrypted at rest (Fernet from ``cryptography``).

The keys are ``SSO_SECRET_KEYS``: Fernet keys separated by commas, the first
encrypting and all of them decrypting (so a key can be rotated: put the new one
first, save each row again, then drop the old). Without it, one key is derived
from ``SECRET_KEY`` (HKDF-SHA256), so changing ``SECRET_KEY`` then needs the
secrets entered again.
"""

import base64
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

log = logging.getLogger("kyndig.sso")
# Every Fernet token starts with its version byte 0x80, base64 "gAAAAA".
TOKEN_PREFIX = "gAAAAA"


def _derived_key() -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"kyndig-sso",
        info=b"sso secrets at rest",
    )
    return base64.urlsafe_b64encode(hkdf.derive(settings.SECRET_KEY.encode()))


def fernet() -> MultiFernet:
    keys = [k.strip() for k in settings.SSO_SECRET_KEYS.split(",") if k.strip()]
    return MultiFernet([Fernet(key) for key in keys] or [Fernet(_derived_key())])


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return fernet().decrypt(token.encode()).decode()


def is_encrypted(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code only sees the plain text."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        try:
            return decrypt(value)
        except InvalidToken:
            # Another key (SECRET_KEY changed without SSO_SECRET_KEYS): the
            # secret is lost, not the page; the admin can enter it again.
            log.error(
                "sso secret cannot be decrypted: field=%s.%s",
                self.model._meta.label,
                self.name,
            )
            return ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)
