"""A person's second-factor devices are in their access bundle, secrets not."""

import json

from django_otp.plugins.otp_totp.models import TOTPDevice

from privacy.bundle import access_bundle


def test_the_bundle_names_the_device_but_not_its_secret(employee):
    device = TOTPDevice.objects.create(user=employee.user, name="telefon")

    bundle = access_bundle(employee=employee)

    text = json.dumps(bundle, default=str)
    assert "telefon" in text
    assert device.key not in text
