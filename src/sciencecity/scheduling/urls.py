from django.urls import path

from sciencecity.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("cycles/<int:cycle_id>/", views.cycle, name="cycle"),
    path("cycles/<int:cycle_id>/runs/", views.run_start, name="run_start"),
    path("cycles/<int:cycle_id>/calendar/", views.calendar, name="calendar"),
    path("cycles/<int:cycle_id>/calendar/typical/", views.calendar_typical, name="calendar_typical"),
    path("cycles/<int:cycle_id>/calendar/<int:block_id>/remove/", views.block_remove, name="block_remove"),
    path("cycles/<int:cycle_id>/pins/", views.pins, name="pins"),
    path("cycles/<int:cycle_id>/pins/new/", views.pin_create, name="pin_create"),
    path("cycles/<int:cycle_id>/pins/<int:pin_id>/remove/", views.pin_remove, name="pin_remove"),
    path("calendar/new-address/", views.feed_rotate, name="feed_rotate"),
    path("runs/<int:run_id>/", views.run, name="run"),
    path("runs/<int:run_id>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:run_id>/cancel/", views.run_cancel, name="run_cancel"),
    path("runs/<int:run_id>/publish/", views.run_publish, name="run_publish"),
    path("runs/<int:run_id>/schedule/", views.schedule, name="schedule"),
    path("runs/<int:run_id>/compare/<int:other_id>/", views.compare, name="compare"),
]
