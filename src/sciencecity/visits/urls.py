from django.urls import path

from sciencecity.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.qualifications, name="qualifications"),
    path("staff/", views.staff, name="staff"),
]
