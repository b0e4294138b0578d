"""How the OpenAPI schema describes token authentication (drf-spectacular)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "integrations.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "brg_…",
            "description": "An API token made at /settings/tokens/ (or POST /api/v1/tokens/), "
            "limited to its scopes. See docs/api.md.",
        }
