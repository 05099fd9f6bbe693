from django.urls import path

from sciencecity.vouchers import views

app_name = "vouchers"
urlpatterns = [
    path("", views.my_vouchers, name="mine"),
    path("invoices/<int:invoice_id>/apply", views.apply_voucher, name="apply"),
    path("relations/", views.relation_declare, name="relation_declare"),
    path("claims/", views.provider_claims, name="claims"),
    path("agency/", views.agency_queue, name="queue"),
    path("agency/dashboard/", views.agency_dashboard, name="dashboard"),
    path("agency/schemes/new/", views.scheme_new, name="scheme_new"),
    path("agency/applications/<int:pk>/<str:action>", views.application_action, name="application_action"),
    path("agency/claims/<int:pk>/<str:action>", views.claim_action, name="claim_action"),
]
