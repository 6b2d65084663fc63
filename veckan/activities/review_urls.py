from django.urls import path

from veckan.activities import review_views as views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("godkann-markerade/", views.bulk_approve, name="bulk_approve"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/godkann/", views.approve, name="approve"),
    path("<int:pk>/begar-andringar/", views.request_changes, name="request_changes"),
    path("<int:pk>/avsla/", views.reject, name="reject"),
    path("<int:pk>/avsla-andringen/", views.reject_change, name="reject_change"),
    path("<int:pk>/markeringar/", views.set_flags, name="set_flags"),
]
