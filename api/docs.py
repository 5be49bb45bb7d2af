"""Swagger UI under the strict Content-Security-Policy of DESIGN §7.

drf-spectacular's split view already serves its init script as a file; its
HTML page also carries an inline ``<style>``, which ``style-src 'self'``
refuses, so the page is rendered here without it. Assets come from the
sidecar package through the static files (whitenoise), never from a CDN.
"""

from django.http import HttpResponse
from django.utils.html import format_html
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{favicon}">
<link rel="stylesheet" href="{css}">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{bundle}"></script>
<script src="{preset}"></script>
<script src="{init}"></script>
</body>
</html>
"""


class SwaggerView(SpectacularSwaggerSplitView):
    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if request.GET.get("script") is not None:
            return super().get(request, *args, **kwargs)
        html = format_html(
            PAGE,
            title=spectacular_settings.TITLE,
            favicon=self._swagger_ui_favicon(),
            css=self._swagger_ui_resource("swagger-ui.css"),
            bundle=self._swagger_ui_resource("swagger-ui-bundle.js"),
            preset=self._swagger_ui_resource("swagger-ui-standalone-preset.js"),
            init=f"{request.path}?script=",
        )
        return HttpResponse(html, content_type="text/html; charset=utf-8")
