from django.urls import path

from sciencecity.sitevisits import views

app_name = "sitevisits"
urlpatterns = [
    path("experiments/<int:allocation_id>/", views.visit_page, name="visit"),
    path("queue/", views.queue, name="queue"),
    path("visits/<int:visit_id>/review/", views.review, name="review"),
    path("facilities/<slug:slug>/site-access/", views.site_access, name="site_access"),
    path("facilities/<slug:slug>/site-access.csv", views.site_access_csv, name="site_access_csv"),
]
