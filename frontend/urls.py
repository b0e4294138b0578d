from django.contrib.auth import views as auth_views
from django.urls import path

from frontend import people, views

urlpatterns = [
    path("", views.home, name="home"),
    path("styleguide/", views.styleguide, name="styleguide"),
    path("people/", people.directory, name="directory"),
    path("people/<int:person_id>/", people.profile, name="person"),
    path("people/<int:person_id>/deactivate/", people.deactivate, name="person-deactivate"),
    path("settings/profile/", people.profile_edit, name="profile-edit"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
