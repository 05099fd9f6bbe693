from django.urls import path

from sciencecity.proposals import views

app_name = "proposals"
urlpatterns = [
    path("calls/", views.call_list, name="calls"),
    path("calls/<int:call_id>/write/", views.proposal_new, name="new"),
    path("calls/manage/", views.managed_calls, name="managed_calls"),
    path("calls/<int:call_id>/dashboard/", views.call_dashboard, name="dashboard"),
    path("calls/<int:call_id>/<str:action>/", views.call_action, name="call_action"),
    path("proposals/", views.my_proposals, name="mine"),
    path("proposals/invitations/", views.invitations, name="invitations"),
    path("proposals/invitations/<int:member_id>/", views.invitation_respond, name="respond"),
    path("proposals/<int:pk>/", views.proposal_detail, name="detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("proposals/<int:pk>/autosave/", views.proposal_autosave, name="autosave"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="submit"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="withdraw"),
    path("proposals/<int:pk>/invite/", views.proposal_invite, name="invite"),
    path("proposals/<int:pk>/attachment/", views.attachment_upload, name="attach"),
    path("proposals/<int:pk>/attachment.pdf", views.attachment_download, name="attachment"),
]
