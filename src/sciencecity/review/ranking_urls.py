from django.urls import path

from sciencecity.review import ranking_views as views

app_name = "ranking"
urlpatterns = [
    path("calls/<int:call_id>/panels/<int:panel_id>/", views.panel_ranking, name="panel"),
    path("calls/<int:call_id>/panels/<int:panel_id>/move/<int:proposal_id>/", views.panel_move, name="move"),
    *(
        path(
            f"calls/<int:call_id>/panels/<int:panel_id>/sheet.{kind}",
            views.panel_sheet_download,
            {"kind": kind},
            name=f"sheet-{kind}",
        )
        for kind in ("csv", "xlsx")
    ),
    path("calls/<int:call_id>/decisions/", views.call_decisions, name="decisions"),
    path("calls/<int:call_id>/decisions/finish/", views.call_finish_peer_review, name="finish"),
    path("calls/<int:call_id>/decisions/<int:proposal_id>/", views.call_decide, name="decide"),
    path("proposals/<int:proposal_id>/print/", views.proposal_print, name="print"),
]
