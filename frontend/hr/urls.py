from django.urls import path

from frontend.hr import home, share

urlpatterns = [
    path("", home.home, name="hr-home"),
    path("share/", share.items, name="hr-share"),
    path("share/<int:item_id>/", share.item, name="hr-share-item"),
    path("share/<int:item_id>/retire/", share.retire, name="hr-share-retire"),
]
