"""``Idempotency-Key`` on POST: a retried request gets the first response again.

The key is scoped to the caller (a partner or a user), the request body is
compared by a hash of its parsed content, and only final answers (below 500)
are kept, so a retry after a server error runs the request again.
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.response import Response

from config.api.authentication import PartnerUser
from config.api.exceptions import IdempotencyKeyReused
from courses.models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY_LENGTH = 255
REPLAYED_HEADERS = ("Location",)


class _Replay(Exception):  # noqa: N818 - control flow, not an error
    def __init__(self, record: IdempotencyRecord):
        self.record = record


def _actor(request) -> str | None:
    user = request.user
    if isinstance(user, PartnerUser):
        return f"provider:{user.provider.pk}"
    if user and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def _body_hash(request) -> str:
    canonical = json.dumps(request.data, sort_keys=True, default=str)
    text = f"{request.method} {request.path}\n{canonical}"
    return hashlib.sha256(text.encode()).hexdigest()


class IdempotentMixin:
    """For DRF views: replays stored POST responses keyed by Idempotency-Key."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._idempotency = None
        key = request.META.get(HEADER, "").strip()[:MAX_KEY_LENGTH]
        actor = _actor(request)
        if request.method != "POST" or not key or actor is None:
            return
        digest = _body_hash(request)
        since = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
        record = IdempotencyRecord.objects.filter(
            actor=actor, key=key, created_at__gte=since
        ).first()
        if record is None:
            self._idempotency = (actor, key, digest)
        elif record.request_hash != digest:
            raise IdempotencyKeyReused()
        else:
            raise _Replay(record)

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            record = exc.record
            headers = dict(record.response_headers)
            headers["Idempotent-Replayed"] = "true"
            content_type = headers.pop("Content-Type", None)
            return Response(
                record.response_body,
                status=record.status_code,
                headers=headers,
                content_type=content_type,
            )
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        pending = getattr(self, "_idempotency", None)
        if pending and response.status_code < 500:
            self._store(pending, response)
        return response

    def _store(self, pending, response):
        actor, key, digest = pending
        headers = {
            name: response[name]
            for name in REPLAYED_HEADERS
            if response.has_header(name)
        }
        if getattr(response, "content_type", None):
            headers["Content-Type"] = response.content_type
        # Expired records go as new ones arrive (created_at is indexed), so
        # the table stays about one window's worth of keyed POSTs.
        expired = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
        IdempotencyRecord.objects.filter(created_at__lt=expired).delete()
        try:
            # A concurrent first use of the same key may have stored its answer
            # already; the first one stays.
            with transaction.atomic():
                IdempotencyRecord.objects.create(
                    actor=actor,
                    key=key,
                    request_hash=digest,
                    status_code=response.status_code,
                    response_body=json.loads(json.dumps(response.data, default=str)),
                    response_headers=headers,
                )
        except IntegrityError:
            pass
