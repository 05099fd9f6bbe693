from django.urls import path

from sciencecity.accounting import invoice_views as views

app_name = "invoices"
urlpatterns = [
    path("", views.provider_invoices, name="provider"),
    path("mine/", views.customer_invoices, name="mine"),
    path("export.csv", views.export_csv, name="csv"),
    path("draft", views.draft_month, name="draft"),
    path("<int:invoice_id>/", views.invoice_detail, name="detail"),
    path("<int:invoice_id>/invoice.pdf", views.invoice_pdf, name="pdf"),
    path("<int:invoice_id>/<str:action>", views.invoice_action, name="action"),
]
