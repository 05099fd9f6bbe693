from django.urls import path

from sciencecity.review import views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("assignments/<int:assignment_id>/score", views.score, name="score"),
    path("assignments/<int:assignment_id>/attachment", views.attachment, name="attachment"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("publications/", views.publications, name="publications"),
    path("technical/", views.technical_queue, name="technical"),
    path("technical/<int:proposal_id>/<int:instrument_id>", views.verdict, name="verdict"),
    path("calls/", views.calls, name="calls"),
    path("calls/<int:call_id>/", views.call_review, name="call"),
    path("calls/<int:call_id>/panels/<int:panel_id>/", views.panel, name="panel"),
]
