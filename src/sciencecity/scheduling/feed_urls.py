from django.urls import path

from sciencecity.scheduling import feed_views

app_name = "scheduling-feeds"

urlpatterns = [
    path("instruments/<slug:slug>.ics", feed_views.instrument, name="instrument"),
    path("facilities/<slug:slug>.ics", feed_views.facility, name="facility"),
    path("feed/<str:token>.ics", feed_views.user, name="user"),
]
