"""The machine-readable badge documents, public like the verification page:
the credential as JSON and as a signed JWT, the issuer profile, its key set
and each key, the status lists, and the achievements in each language.
"""

import hashlib
import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_GET

from credentials import documents, selectors, services
from credentials.keys import public_key_set
from credentials.models import Achievement, Issuer, IssuerKey, StatusList

# Key sets and status lists change rarely; verifiers may keep them a while.
SHARED_SECONDS = 300


def _json(document: dict, content_type="application/json", cache=False):
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type=f"{content_type}; charset=utf-8",
    )
    if cache:
        patch_cache_control(response, public=True, max_age=SHARED_SECONDS)
    return response


def _signed_badge(uuid):
    badge = selectors.badge_public(uuid=uuid)
    if badge is None:
        raise Http404
    return services.badge_sign(badge=badge)


@require_GET
def badge_json(request, uuid):
    return _json(_signed_badge(uuid).credential)


@require_GET
def badge_jwt(request, uuid):
    return HttpResponse(_signed_badge(uuid).jwt, content_type="application/jwt")


def _issuer(pk) -> Issuer:
    return get_object_or_404(Issuer.objects.select_related("municipality"), pk=pk)


@require_GET
def issuer_profile(request, issuer):
    profile = {
        "@context": [documents.VC_CONTEXT, documents.OB_CONTEXT],
        **documents.issuer_profile(_issuer(issuer)),
    }
    return _json(profile, cache=True)


@require_GET
def issuer_jwks(request, issuer):
    keys = public_key_set(issuer=_issuer(issuer))
    return _json(keys, "application/jwk-set+json", cache=True)


@require_GET
def issuer_key(request, issuer, key_id):
    key = get_object_or_404(IssuerKey, issuer_id=issuer, key_id=key_id)
    return _json(key.public_jwk, "application/jwk+json", cache=True)


@require_GET
def status_list(request, issuer, number):
    """The status list as a credential: the token stored when it last changed
    (``credentials.status.status_list_sign``), so serving it signs nothing."""
    found = (
        StatusList.objects.filter(issuer_id=issuer, number=number)
        .exclude(jwt="")
        .values("jwt", "signed_at")
        .first()
    )
    if found is None:
        raise Http404
    etag = quote_etag(hashlib.sha256(found["jwt"].encode()).hexdigest()[:32])
    response = get_conditional_response(
        request, etag=etag, last_modified=int(found["signed_at"].timestamp())
    )
    if response is None:
        response = HttpResponse(found["jwt"], content_type="application/jwt")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(found["signed_at"].timestamp())
    patch_cache_control(response, public=True, max_age=SHARED_SECONDS)
    return response


@require_GET
def achievement(request, uuid, language):
    if language not in documents.LANGUAGES:
        raise Http404
    found = get_object_or_404(
        Achievement.objects.select_related("issuer__municipality", "course__provider"),
        uuid=uuid,
    )
    document = {
        "@context": [documents.VC_CONTEXT, documents.OB_CONTEXT],
        **documents.achievement_document(found, language),
    }
    return _json(document, cache=True)
