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

from api.authentication import PartnerUser
from api.exceptions import (
    IdempotencyKeyInProgress,
    IdempotencyKeyInvalid,
    IdempotencyKeyReused,
)
from api.models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY_LENGTH = 255
REPLAYED_HEADERS = ("Location",)
# The status code of a claimed key whose request has not answered yet.
IN_PROGRESS = 0
ABANDONED_AFTER_SECONDS = 300


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
    """For DRF views: replays stored POST responses keyed by Idempotency-Key.

    The key is claimed (a row with no answer yet) before the request runs, so a
    concurrent first use of the same key is told to retry instead of running
    the request twice.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._idempotency = None
        key = request.META.get(HEADER, "").strip()
        actor = _actor(request)
        if request.method != "POST" or not key or actor is None:
            return
        # A longer key cut to fit would collide with others that share its start.
        if len(key) > MAX_KEY_LENGTH:
            raise IdempotencyKeyInvalid(MAX_KEY_LENGTH)
        digest = _body_hash(request)
        record = _claim(actor, key, digest)
        if record is None:
            self._idempotency = (actor, key)
        elif record.request_hash != digest:
            raise IdempotencyKeyReused()
        elif record.status_code == IN_PROGRESS:
            raise IdempotencyKeyInProgress()
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
        if pending:
            _settle(pending, response)
        return response


def _claim(actor: str, key: str, digest: str) -> IdempotencyRecord | None:
    """Claim the key for this request; None when claimed, else the earlier record."""
    expired = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
    # Expired records go as new ones arrive (created_at is indexed), so the
    # table stays about one window's worth of keyed POSTs.
    IdempotencyRecord.objects.filter(created_at__lt=expired).delete()
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.create(
                actor=actor, key=key, request_hash=digest, status_code=IN_PROGRESS
            )
    except IntegrityError:
        return _take_over_abandoned(actor, key, digest)
    return None


def _take_over_abandoned(actor: str, key: str, digest: str):
    """A claim older than any request can run was left by a crashed worker."""
    abandoned = timezone.now() - timedelta(seconds=ABANDONED_AFTER_SECONDS)
    taken = IdempotencyRecord.objects.filter(
        actor=actor,
        key=key,
        request_hash=digest,
        status_code=IN_PROGRESS,
        created_at__lt=abandoned,
    ).update(created_at=timezone.now())
    if taken:
        return None
    return IdempotencyRecord.objects.get(actor=actor, key=key)


def _settle(pending: tuple[str, str], response) -> None:
    """Store a final answer (below 500); after a server error free the key."""
    claimed = IdempotencyRecord.objects.filter(
        actor=pending[0], key=pending[1], status_code=IN_PROGRESS
    )
    if response.status_code >= 500:
        claimed.delete()
        return
    headers = {
        name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)
    }
    if getattr(response, "content_type", None):
        headers["Content-Type"] = response.content_type
    claimed.update(
        status_code=response.status_code,
        response_body=json.loads(json.dumps(response.data, default=str)),
        response_headers=headers,
    )
