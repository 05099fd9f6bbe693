from django.contrib import admin
from django.urls import include, path

from sciencecity.api.urls import api

urlpatterns = [
    path("", include("sciencecity.showcase.urls")),
    path("review/", include("sciencecity.review.urls")),
    path("training/", include("sciencecity.visits.urls")),
    path("usage/", include("sciencecity.accounting.urls")),
    path("vouchers/", include("sciencecity.vouchers.urls")),
    path("invoices/", include("sciencecity.accounting.invoice_urls")),
    path("site-visits/", include("sciencecity.sitevisits.urls")),
    path("", include("sciencecity.proposals.urls")),
    path("api/", api.urls),
    path("calendars/", include("sciencecity.scheduling.feed_urls")),
    path("", include("sciencecity.booking.urls")),
    path("ranking/", include("sciencecity.review.ranking_urls")),
    path("allocation/", include("sciencecity.scheduling.urls")),
    path("accounts/", include("sciencecity.accounts.urls")),
    path("accounts/notifications/", include("sciencecity.notifications.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

admin.site.site_header = "Science City"
admin.site.site_title = "Science City"
