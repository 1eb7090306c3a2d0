"""Response headers that Django and django-csp do not set themselves."""

# Browser features no page of the service uses, switched off for it and for anything it
# might ever embed (OWASP ASVS V14.4; the GOV.UK service manual's recommended headers).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


class PermissionsPolicyMiddleware:
    """First in the middleware list, so every response carries the header: pages, static
    files served by WhiteNoise, errors and sign-in lockouts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
