from django.urls import path

from veckan.editions import views

app_name = "editions"
urlpatterns = [
    path("utgavor/ny/", views.edition_form, name="create"),
    path("utgavor/<int:year>/", views.edition_form, name="edit"),
    path("utgavor/<int:year>/aktuell/", views.make_current, name="make_current"),
]
