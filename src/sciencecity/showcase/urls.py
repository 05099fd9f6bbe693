from django.urls import path

from sciencecity.showcase import views

app_name = "showcase"
urlpatterns = [
    path("", views.home, name="home"),
    path("facilities/", views.facility_list, name="facilities"),
    path("facilities/<slug:slug>/", views.facility_detail, name="facility"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("achievements/", views.achievement_list, name="achievements"),
    path("achievements/<slug:slug>/", views.achievement_detail, name="achievement"),
    path("search/", views.search, name="search"),
]
