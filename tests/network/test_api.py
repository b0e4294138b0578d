"""The REST API's first endpoint and the OpenAPI schema."""


def test_me_describes_the_signed_in_person(client, demo):
    client.force_login(demo["carla"])

    response = client.get("/api/v1/me/")

    assert response.status_code == 200
    assert (
        response.json().items()
        >= {
            "id": demo["carla"].pk,
            "username": "carla",
            "name": "Carla Customer",
            "email": "carla@contoso.example",
            "title": "Head of IT",
            "affiliation": "customer",
            "organisation": "Contoso",
            "roles": [],
        }.items()
    )


def test_me_lists_staff_roles(client, demo):
    client.force_login(demo["grace"])

    assert client.get("/api/v1/me/").json()["roles"] == ["hr_admin"]


def test_me_requires_a_session(client, db):
    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert "credentials" in response.json()["detail"]


def test_the_openapi_schema_describes_the_api(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Bridge API"
    assert "/api/v1/me/" in schema["paths"]
