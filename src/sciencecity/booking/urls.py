from django.urls import path

from sciencecity.booking import views

app_name = "booking"
urlpatterns = [
    path("instruments/<slug:slug>/booking/", views.calendar_page, name="calendar"),
    path("instruments/<slug:slug>/booking/book/", views.book_page, name="book"),
    path("instruments/<slug:slug>/booking/rules/", views.rules_page, name="rules"),
    path("instruments/<slug:slug>/booking/calendar.ics", views.ical, name="ical"),
    path("booking/mine/", views.my_bookings, name="mine"),
    path("booking/queue/", views.queue, name="queue"),
    path("booking/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("booking/<int:pk>/approve/", views.decide, {"verdict": "approve"}, name="approve"),
    path("booking/<int:pk>/decline/", views.decide, {"verdict": "decline"}, name="decline"),
    path("booking/offers/<int:pk>/accept/", views.offer, {"answer": "accept"}, name="accept_offer"),
    path("booking/offers/<int:pk>/withdraw/", views.offer, {"answer": "withdraw"}, name="withdraw_offer"),
]
