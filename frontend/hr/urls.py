from django.urls import path

from frontend.hr import home

urlpatterns = [
    path("", home.home, name="hr-home"),
]
