"""The issuers' signing keys: one RSA key pair per municipality.

The private key is kept as a compact JWE (``dir`` + A256GCM) under the key
from CREDENTIALS_KEY_ENCRYPTION_KEY, so a copy of the database alone signs
nothing. Rotation retires the active key and makes a new one; retired keys stay
in the published key set, so every badge they signed stays verifiable.

A key's ``kid`` is a URL that answers the public JWK itself (RFC 7517), as the
JWT proof format of Open Badges 3.0 asks.
"""

import base64
import binascii

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from joserfc import jwe
from joserfc.jwk import OctKey, RSAKey

from api.links import absolute_url
from credentials.models import Issuer, IssuerKey

# RS256 is the interoperable minimum of Open Badges 3.0; 3072 bits keeps
# signatures sound for as long as badges are kept (NIST SP 800-57 past 2030).
KEY_BITS = 3072
_WRAP = {"alg": "dir", "enc": "A256GCM"}


def key_url(key: IssuerKey) -> str:
    return absolute_url(
        reverse(
            "badge_issuer_key",
            kwargs={"issuer": key.issuer_id, "key_id": key.key_id},
        )
    )


def encryption_key() -> OctKey:
    """The key-encryption key from the settings: 32 bytes, base64url."""
    value = settings.CREDENTIALS_KEY_ENCRYPTION_KEY
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured(
            "CREDENTIALS_KEY_ENCRYPTION_KEY must be 32 random bytes, base64url."
        )
    return OctKey.import_key(raw)


def key_create(*, issuer: Issuer) -> IssuerKey:
    """A new key pair for ``issuer``, its private half encrypted."""
    private = RSAKey.generate_key(KEY_BITS)
    key = IssuerKey(issuer=issuer)
    public = private.as_dict(private=False)
    public.update(kid=key_url(key), alg="RS256", use="sig")
    key.public_jwk = public
    key.private_jwe = jwe.encrypt_compact(
        _WRAP, private.as_pem(private=True), encryption_key()
    )
    key.save()
    return key


def key_active(*, issuer: Issuer) -> IssuerKey:
    """The issuer's signing key, made on first use."""
    key = issuer.keys.active().first()
    if key is not None:
        return key
    try:
        # A savepoint: two first signings at once make one key, not two.
        with transaction.atomic():
            return key_create(issuer=issuer)
    except IntegrityError:
        return issuer.keys.active().get()


@transaction.atomic
def key_rotate(*, issuer: Issuer) -> IssuerKey:
    """Retire the active key and make a new one; old badges stay verifiable."""
    Issuer.objects.select_for_update().get(pk=issuer.pk)
    issuer.keys.active().update(retired_at=timezone.now())
    return key_create(issuer=issuer)


def private_key(key: IssuerKey) -> RSAKey:
    pem = jwe.decrypt_compact(key.private_jwe, encryption_key()).plaintext
    # The key is Kyndig's own and A256GCM has just proved it unchanged, so
    # the RSA consistency checks (a quarter of a second for 3072 bits, on
    # every signature) would prove nothing more.
    loaded = load_pem_private_key(pem, None, unsafe_skip_rsa_key_validation=True)
    return RSAKey.import_key(loaded, {"kid": key.public_jwk["kid"]})


def public_key_set(*, issuer: Issuer) -> dict:
    """The issuer's JWKS: every key it has signed with, newest first."""
    keys = issuer.keys.order_by("-created_at", "-id")
    return {"keys": [key.public_jwk for key in keys]}
