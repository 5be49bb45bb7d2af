from django.db import models


class IdempotencyRecord(models.Model):
    """The stored response of a POST made with an ``Idempotency-Key`` header."""

    actor = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField(null=True)
    response_headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        # The table was created by the courses app before the API toolkit had
        # an app of its own; keeping its name keeps the data.
        db_table = "courses_idempotencyrecord"
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "key"], name="idempotency_key_unique"
            )
        ]

    def __str__(self):
        return f"{self.actor} {self.key}"
