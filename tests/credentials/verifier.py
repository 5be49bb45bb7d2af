"""A verifier for Kyndig's badges that shares no code with Kyndig: PyJWT for
the signatures, the standard library for the status list.

It follows Open Badges 3.0 "Verify a Credential" (JWT proof) and the W3C
Bitstring Status List: fetch the key named by ``kid`` from the issuer's
published key set, check the signature and the registered claims against the
credential, then fetch the status list the credential points to, check its
signature too, and look up the credential's bit.
"""

import base64
import gzip
import hashlib
from urllib.parse import urlsplit

import jwt


class NotVerified(Exception):
    pass


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _get(client, url: str):
    response = client.get(_path(url))
    if response.status_code != 200:
        raise NotVerified(f"{url} answered {response.status_code}")
    return response


def _decode(token: str, client, jwks_url: str) -> dict:
    header = jwt.get_unverified_header(token)
    if header.get("alg") != "RS256" or set(header) - {"alg", "kid", "typ"}:
        raise NotVerified(f"unexpected JOSE header {header}")
    key_set = jwt.PyJWKSet.from_dict(_get(client, jwks_url).json())
    matching = [key for key in key_set.keys if key.key_id == header["kid"]]
    if not matching:
        raise NotVerified("the kid is not in the issuer's key set")
    # The kid itself must answer the same public key.
    answered = jwt.PyJWK.from_dict(_get(client, header["kid"]).json()).key
    if answered.public_numbers() != matching[0].key.public_numbers():
        raise NotVerified("the kid does not answer the key in the set")
    try:
        return jwt.decode(
            token,
            matching[0].key,
            algorithms=["RS256"],
            options={"require": ["iss", "jti", "nbf", "sub"], "verify_aud": False},
        )
    except jwt.PyJWTError as error:
        raise NotVerified(str(error)) from error


def verify(token: str, client) -> dict:
    """The verified credential; NotVerified says why it is not."""
    unverified = jwt.decode(token, options={"verify_signature": False})
    issuer = unverified["issuer"]
    claims = _decode(token, client, issuer["jwks_uri"])
    if claims["iss"] != claims["issuer"]["id"]:
        raise NotVerified("iss is not the issuer")
    if claims["jti"] != claims["id"]:
        raise NotVerified("jti is not the credential id")
    if claims["sub"] != claims["credentialSubject"]["id"]:
        raise NotVerified("sub is not the subject")
    if _status_bit(claims["credentialStatus"], client, issuer["jwks_uri"]):
        raise NotVerified("revoked")
    return claims


def _status_bit(entry: dict, client, jwks_url: str) -> bool:
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    token = _get(client, entry["statusListCredential"]).content.decode()
    status_list = _decode(token, client, jwks_url)
    assert "BitstringStatusListCredential" in status_list["type"]
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")  # multibase base64url
    body = encoded[1:] + "=" * (-len(encoded[1:]) % 4)
    bits = gzip.decompress(base64.urlsafe_b64decode(body))
    assert len(bits) >= 16 * 1024
    index = int(entry["statusListIndex"])
    return bool(bits[index // 8] >> (7 - index % 8) & 1)


def identity_matches(credential: dict, email: str) -> bool:
    """Open Badges "Verify the Recipient Using an Identifier", for an e-mail."""
    for identifier in credential["credentialSubject"].get("identifier", []):
        if identifier["identityType"] != "emailAddress":
            continue
        digest = hashlib.sha256(
            (email.strip().lower() + identifier["salt"]).encode()
        ).hexdigest()
        if identifier["identityHash"] == f"sha256${digest}":
            return True
    return False
