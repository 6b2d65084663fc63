from django.urls import path

from veckan.activities import review_views, views

app_name = "activities"
urlpatterns = [
    path("mina-aktiviteter/", views.mine, name="mine"),
    path("mina-aktiviteter/ny/", views.create, name="create"),
    path("mina-aktiviteter/ny-rad/<slug:prefix>/", views.new_row, name="new_row"),
    path("mina-aktiviteter/<int:pk>/andra/", views.edit, name="edit"),
    path("mina-aktiviteter/<int:pk>/kopiera/", views.copy, name="copy"),
    path("mina-aktiviteter/<int:pk>/skicka-in/", views.submit, name="submit"),
    path("mina-aktiviteter/<int:pk>/aterkalla/", views.withdraw, name="withdraw"),
    path("mina-aktiviteter/<int:pk>/ta-bort/", views.delete, name="delete"),
    path("mina-aktiviteter/<int:pk>/forhandsvisning/", views.preview, name="preview"),
    path("mina-aktiviteter/<int:pk>/efterat/", views.follow_up, name="follow_up"),
    path("samordning/inspelningar/", review_views.captions_due, name="captions_due"),
]
