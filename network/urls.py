from django.urls import path

from network.api import MeView, PeopleView, PersonDeactivateView, PersonView

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("people/", PeopleView.as_view(), name="api-people"),
    path("people/<int:person_id>/", PersonView.as_view(), name="api-person"),
    path(
        "people/<int:person_id>/deactivate/",
        PersonDeactivateView.as_view(),
        name="api-person-deactivate",
    ),
]
