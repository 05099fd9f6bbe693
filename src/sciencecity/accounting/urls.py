from django.urls import path

from sciencecity.accounting import views

app_name = "accounting"
urlpatterns = [
    path("", views.staff_usage, name="usage"),
    path("mine/", views.my_sessions, name="mine"),
    path("bookings/<int:booking_id>/<str:action>", views.booking_action, name="booking_action"),
]
