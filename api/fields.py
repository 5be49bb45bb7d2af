from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Primary keys are 64-bit: a larger number cannot name a row, and passing it on
# to the database would fail there instead of answering "not found".
MAX_ID = 2**63 - 1
ID_PATTERN = r"[0-9]{1,18}"


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A row by id, from a queryset the view scopes to the caller.

    An id outside the caller's scope gets the same message as a missing one.
    """

    default_error_messages = {
        "does_not_exist": _("Invalid pk “%(pk_value)s” - object does not exist."),
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            value = int(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < value <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(value)

    def fail(self, key, **kwargs):
        # DRF fills messages with str.format, but this one is written with
        # %-placeholders (those the translation catalogue knows).
        if key == "does_not_exist":
            message = str(self.error_messages[key]) % kwargs
            raise serializers.ValidationError(message, code=key)
        super().fail(key, **kwargs)
