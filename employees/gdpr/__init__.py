"""GDPR: the right-of-access bundle and retention (anonymisation)."""
