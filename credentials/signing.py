"""The JSON Web Token proof format of Open Badges 3.0 ("Proofs (Signatures)").

A compact JWS whose payload is the credential itself plus ``iss`` (issuer
id), ``jti`` (credential id), ``nbf`` (validFrom), ``sub`` (subject id) and
``exp`` (validUntil, where there is one); the JOSE header holds ``alg`` RS256,
``kid`` (a URL answering the public JWK) and ``typ`` JWT, and nothing else, as
the specification allows no other headers.
"""

import json
from datetime import datetime

from joserfc import jws

from credentials.keys import private_key
from credentials.models import IssuerKey

ALGORITHM = "RS256"


def _seconds(value: str) -> int:
    return int(datetime.fromisoformat(value).timestamp())


def jwt_claims(credential: dict) -> dict:
    """The credential with its registered JWT claims added."""
    claims = {
        **credential,
        "iss": credential["issuer"]
        if isinstance(credential["issuer"], str)
        else credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": _seconds(credential["validFrom"]),
        "sub": credential["credentialSubject"]["id"],
    }
    if "validUntil" in credential:
        claims["exp"] = _seconds(credential["validUntil"])
    return claims


def sign(credential: dict, key: IssuerKey) -> str:
    header = {"alg": ALGORITHM, "kid": key.public_jwk["kid"], "typ": "JWT"}
    payload = json.dumps(jwt_claims(credential), ensure_ascii=False, sort_keys=True)
    return jws.serialize_compact(
        header, payload.encode("utf-8"), private_key(key), algorithms=[ALGORITHM]
    )
