"""Revocation through a W3C Bitstring Status List (v1.0, a Recommendation).

Each badge holds a random slot in one of its issuer's lists; revoking sets
that slot's bit. The list is published as a credential signed like the badges,
so verifiers fetch one list for many badges and the issuer never learns which
badge is being checked. Kyndig uses it rather than 1EdTech's revocation list,
which would publish the address of every revoked badge.

The bitstring is GZIP-compressed and multibase-encoded (``u`` + base64url
without padding); index 0 is the left-most bit, as the specification says.
"""

import base64
import gzip
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from credentials.documents import status_list_document
from credentials.keys import key_active
from credentials.models import STATUS_LIST_LENGTH, Badge, Issuer, StatusList
from credentials.signing import sign

# A list takes new badges until half its slots are used, so picking a free
# slot at random rarely needs a second try.
FILL_LIMIT = STATUS_LIST_LENGTH // 2
TRIES = 20


def encode_bits(indexes) -> str:
    bits = bytearray(STATUS_LIST_LENGTH // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0 keeps the output the same for the same bits.
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode_bits(encoded: str) -> bytes:
    value = encoded.removeprefix("u")
    return gzip.decompress(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))


def bit_is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def revoked_indexes(status_list: StatusList) -> list[int]:
    return list(
        status_list.badges.filter(revoked_at__isnull=False).values_list(
            "status_index", flat=True
        )
    )


def current_list(issuer: Issuer) -> StatusList:
    """The list new badges go to: the newest, or a new one when it is full."""
    newest = issuer.status_lists.order_by("-number").first()
    if newest is not None and newest.badges.count() < FILL_LIMIT:
        return newest
    number = (issuer.status_lists.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            return StatusList.objects.create(issuer=issuer, number=number)
    except IntegrityError:
        # Another transaction opened it first.
        return issuer.status_lists.get(number=number)


def slot_take(badge: Badge, issuer: Issuer) -> None:
    """Save a new badge in a random free slot of the issuer's current list."""
    badge.status_list = current_list(issuer)
    for _try in range(TRIES):
        badge.status_index = secrets.randbelow(STATUS_LIST_LENGTH)
        if badge.status_list.badges.filter(status_index=badge.status_index).exists():
            continue
        try:
            with transaction.atomic():
                badge.save(force_insert=True)
            return
        except IntegrityError:
            if not Badge.objects.filter(
                status_list=badge.status_list, status_index=badge.status_index
            ).exists():
                raise  # another constraint: the caller decides
    raise RuntimeError("No free status slot found; the list is too full.")


@transaction.atomic
def status_list_sign(*, status_list: StatusList) -> StatusList:
    """Sign the list as it stands now and store the token verifiers are served.

    The row lock orders concurrent revocations in one list: each signs after
    the one before it committed, so the stored token holds every bit.
    """
    status_list = (
        StatusList.objects.select_related("issuer")
        .select_for_update(of=("self",))
        .get(pk=status_list.pk)
    )
    now = timezone.now()
    document = status_list_document(
        status_list, encoded=encode_bits(revoked_indexes(status_list)), valid_from=now
    )
    status_list.jwt = sign(document, key_active(issuer=status_list.issuer))
    status_list.signed_at = now
    status_list.save(update_fields=["jwt", "signed_at"])
    return status_list


def status_list_publish(*, status_list: StatusList) -> StatusList:
    """Sign the list unless it is published already (its first badge)."""
    if status_list.jwt:
        return status_list
    return status_list_sign(status_list=status_list)
