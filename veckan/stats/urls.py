from django.urls import path

from veckan.stats import views

app_name = "stats"
urlpatterns = [
    path("statistik/", views.latest, name="latest"),
    path("statistik/<int:year>/", views.edition_stats, name="edition"),
    path("statistik/<int:year>/<slug:table>.csv", views.table_csv, name="csv"),
    path(
        "statistik/<int:year>/samlingar/<slug:slug>/",
        views.collection_stats,
        name="collection",
    ),
    path(
        "statistik/<int:year>/samlingar/<slug:slug>/<slug:table>.csv",
        views.collection_csv,
        name="collection_csv",
    ),
    path("samordning/", views.coordinator_home, name="home"),
    path("samordning/statistik/", views.coordinator, name="coordinator"),
    path("samordning/narvaro/", views.attendance_missing, name="attendance_missing"),
    path("samordning/narvaro.csv", views.attendance_missing_csv, name="attendance_missing_csv"),
    path("mina-aktiviteter/<int:pk>/besok/", views.activity_views, name="activity_views"),
]
