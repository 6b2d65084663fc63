from django.urls import path

from veckan.pages import views
from veckan.pages.models import Page

app_name = "pages"
urlpatterns = [
    # One URL name per page, the same as its slug: reverse(f"pages:{page.slug}").
    *(path(f"{slug}/", views.page, {"slug": slug}, name=slug) for slug in Page.Slug.values),
    path("tillganglighet/rapportera/", views.feedback, name="feedback"),
    path("tillganglighet/rapportera/tack/", views.feedback_thanks, name="feedback_thanks"),
    path("samordning/sidor/", views.manage_pages, name="manage"),
    path("samordning/sidor/<slug:slug>/", views.edit_page, name="edit"),
    path("samordning/tillganglighet/", views.feedback_list, name="feedback_list"),
    path("samordning/tillganglighet/<int:pk>/hanterad/", views.mark_handled, name="mark_handled"),
]
