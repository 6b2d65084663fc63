from django.urls import path

from veckan.imports import views

app_name = "imports"
urlpatterns = [
    path("mina-aktiviteter/importera/", views.start, name="start"),
    path("mina-aktiviteter/importera/mall.csv", views.template_csv, name="template_csv"),
    path("mina-aktiviteter/importera/mall.xlsx", views.template_xlsx, name="template_xlsx"),
    path("mina-aktiviteter/importera/<int:pk>/", views.preview, name="preview"),
]
