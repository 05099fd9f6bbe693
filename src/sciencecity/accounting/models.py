"""Usage: who used which instrument when, as planned and as it really happened.

One record per booking (check-in, check-out or no-show), or per allocated experiment once the scheduling
side links one (the generic `experiment` link, so this app needs no import of it). The user's organisation is
copied when the record is made: machine-hours are counted internal or external by the legal entity the user
belonged to at the time (accounting/selectors.py), not by where they work today.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sciencecity.booking.models import Booking
from sciencecity.core.models import TimeStampedModel
from sciencecity.registry.models import Instrument, Organisation


class UsageRecord(TimeStampedModel):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="usage_records", verbose_name=_("instrument")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="usage_records",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="usage_records",
        verbose_name=_("user's organisation at the time"),
    )
    organisation_named = models.CharField(
        _("organisation not on the map"),
        max_length=255,
        blank=True,
        help_text=_("The organisation the user named when they had none on the map."),
    )
    booking = models.OneToOneField(
        Booking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="usage",
        verbose_name=_("booking"),
    )
    experiment_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    experiment_id = models.PositiveBigIntegerField(null=True, blank=True)
    experiment = GenericForeignKey("experiment_type", "experiment_id")
    planned_start = models.DateTimeField(_("planned start"))
    planned_end = models.DateTimeField(_("planned end"))
    actual_start = models.DateTimeField(_("checked in"), null=True, blank=True)
    actual_end = models.DateTimeField(_("checked out"), null=True, blank=True)
    no_show = models.BooleanField(_("no-show"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="usage_recorded",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["planned_start", "pk"]
        verbose_name = _("usage record")
        indexes = [
            models.Index(fields=["instrument", "actual_start"], name="usage_instrument_actual"),
            models.Index(fields=["user", "planned_start"], name="usage_user_planned"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gt=F("planned_start")), name="usage_planned_in_order"
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=False, actual_end__gt=F("actual_start")),
                name="usage_actual_in_order",
            ),
            models.CheckConstraint(
                condition=Q(no_show=False) | Q(actual_start__isnull=True, actual_end__isnull=True),
                name="usage_no_show_has_no_times",
            ),
            models.CheckConstraint(
                condition=Q(experiment_type__isnull=True, experiment_id__isnull=True)
                | Q(experiment_type__isnull=False, experiment_id__isnull=False),
                name="usage_experiment_link_whole",
            ),
            models.UniqueConstraint(
                fields=["experiment_type", "experiment_id", "user"],
                condition=Q(experiment_id__isnull=False),
                name="usage_one_per_experiment_and_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.planned_start:%Y-%m-%d %H:%M} {self.user}"

    @property
    def state(self) -> str:
        if self.no_show:
            return "no_show"
        if self.actual_end is not None:
            return "checked_out"
        if self.actual_start is not None:
            return "checked_in"
        return "planned"

    @property
    def hours(self) -> float:
        """Actual hours used (0 until checked out)."""
        if self.actual_start is None or self.actual_end is None:
            return 0.0
        return (self.actual_end - self.actual_start) / dt.timedelta(hours=1)


# --- Billing: rates, invoices, credit notes (docs/reference/invoices.md) ---

CURRENCY = "CNY"


class Category(models.TextChoices):
    """Who pays which price: the owner's own people, academia, or industry (rates.category_of)."""

    INTERNAL = "internal", _("internal")
    ACADEMIC = "academic", _("academic")
    INDUSTRY = "industry", _("industry")


class Unit(models.TextChoices):
    HOUR = "hour", _("hour")
    SAMPLE = "sample", _("sample")
    SHIFT = "shift", _("shift (8 h)")


class Rate(TimeStampedModel):
    """One price of an instrument for one user category, valid from a date until the next one starts."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="rates", verbose_name=_("instrument")
    )
    category = models.CharField(_("user category"), max_length=10, choices=Category.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.HOUR)
    price = models.DecimalField(_("price per unit"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY)
    valid_from = models.DateField(_("valid from"))
    note_en = models.CharField(_("note (English)"), max_length=255, blank=True)
    note_zh = models.CharField(_("note (Simplified Chinese)"), max_length=255, blank=True)
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the price was published; empty for an example value.")
    )

    class Meta:
        ordering = ["instrument", "category", "-valid_from"]
        verbose_name = _("rate")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "category", "valid_from"], name="rate_one_per_category_and_day"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="rate_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.category} {self.price} {self.currency}/{self.unit}"

    @property
    def is_example(self) -> bool:
        return not self.source


class BillingProfile(TimeStampedModel):
    """What a provider prints on its invoices: number prefix, address, tax id, bank, payment terms."""

    provider = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="billing_profile", verbose_name=_("provider")
    )
    prefix = models.CharField(
        _("invoice number prefix"),
        max_length=12,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9]{1,11}$", _("Capital letters and digits, e.g. SSRF."))],
        help_text=_("Capital letters and digits; invoices are numbered PREFIX-YEAR-0001."),
    )
    address_en = models.TextField(_("address (English)"), blank=True)
    address_zh = models.TextField(_("address (Simplified Chinese)"), blank=True)
    tax_id = models.CharField(_("unified social credit code"), max_length=40, blank=True)
    bank_en = models.TextField(_("bank account (English)"), blank=True)
    bank_zh = models.TextField(_("bank account (Simplified Chinese)"), blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)

    class Meta:
        verbose_name = _("billing profile")
        constraints = [models.UniqueConstraint(fields=["prefix"], name="billing_prefix_unique")]

    def __str__(self) -> str:
        return f"{self.prefix} — {self.provider}"


class NumberSequence(models.Model):
    """The last number given per provider, year and kind; its row is locked while a number is taken."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        CREDIT_NOTE = "credit_note", _("credit note")

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "year", "kind"], name="number_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.year} {self.kind} {self.last}"


class Invoice(TimeStampedModel):
    """A provider's bill to one customer organisation for one month of usage.

    Draft lines may still change (re-drafting adds the month's newly checked-out usage; a voucher share is
    set); once issued the invoice is frozen: corrections are credit notes.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")
        PAID = "paid", _("paid")
        CANCELLED = "cancelled", _("cancelled")

    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="invoices_sent", verbose_name=_("provider")
    )
    customer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="invoices_received", verbose_name=_("customer")
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month billed."))
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("number"), max_length=40, blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    subtotal = models.DecimalField(_("subtotal"), default=Decimal("0.00"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total"), default=Decimal("0.00"), max_digits=12, decimal_places=2)
    voucher_share = models.DecimalField(
        _("paid by innovation voucher"), default=Decimal("0.00"), max_digits=12, decimal_places=2
    )
    voucher_reference = models.CharField(_("voucher reference"), max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )

    class Meta:
        ordering = ["-period", "provider", "number", "pk"]
        verbose_name = _("invoice")
        indexes = [models.Index(fields=["provider", "period", "status"], name="invoice_provider_period")]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "number"], condition=~Q(number=""), name="invoice_number_unique"
            ),
            models.UniqueConstraint(
                fields=["provider", "customer", "period"],
                condition=Q(status="draft"),
                name="invoice_one_draft_per_customer_and_month",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(status="cancelled", issued_at__isnull=True) | ~Q(number=""),
                name="invoice_issued_has_number",
            ),
            models.CheckConstraint(
                condition=Q(voucher_share__gte=0, voucher_share__lte=F("total")),
                name="invoice_voucher_share_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"draft {self.pk} {self.period:%Y-%m}"

    def clean(self) -> None:
        super().clean()
        if self.period and self.period.day != 1:
            raise ValidationError({"period": _("A month is given by its first day.")})
        if self.provider_id and self.provider_id == self.customer_id:
            raise ValidationError({"customer": _("An organisation does not invoice itself.")})

    @property
    def amount_due(self) -> Decimal:
        """What the customer pays itself: the total less the voucher's share."""
        return self.total - self.voucher_share


class InvoiceLine(models.Model):
    """One usage record priced: quantity x unit price = amount (rounded to the fen, ROUND_HALF_UP)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    usage_record = models.ForeignKey(
        UsageRecord, on_delete=models.PROTECT, related_name="invoice_lines", verbose_name=_("usage record")
    )
    # True while the invoice is not cancelled: the database lets a usage record sit on one live line only.
    live = models.BooleanField(default=True, editable=False)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    rate = models.ForeignKey(Rate, on_delete=models.PROTECT, related_name="lines", verbose_name=_("rate"))
    category = models.CharField(_("user category"), max_length=10, choices=Category.choices)
    description_en = models.CharField(_("description (English)"), max_length=255)
    description_zh = models.CharField(_("description (Simplified Chinese)"), max_length=255, blank=True)
    used_on = models.DateField(_("date of use"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["used_on", "pk"]
        verbose_name = _("invoice line")
        constraints = [
            models.UniqueConstraint(
                fields=["usage_record"], condition=Q(live=True), name="invoice_line_usage_billed_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description_en} {self.amount}"


class CreditNote(TimeStampedModel):
    """A correction of an issued invoice: a negative amount, its own gapless number (PREFIX-CN-YEAR-0001)."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="credit_notes", verbose_name=_("invoice")
    )
    number = models.CharField(_("number"), max_length=40)
    issued_at = models.DateTimeField(_("issued"))
    reason = models.TextField(_("reason"))
    amount = models.DecimalField(_("amount credited"), max_digits=12, decimal_places=2)
    voucher_part = models.DecimalField(
        _("of which back to the voucher"),
        default=Decimal("0.00"),
        max_digits=12,
        decimal_places=2,
        help_text=_(
            "The part of the amount credited that an innovation voucher had paid: it goes back to it."
        ),
    )
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = _("credit note")
        constraints = [
            models.UniqueConstraint(fields=["number"], name="credit_note_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="credit_note_amount_positive"),
            models.CheckConstraint(
                condition=Q(voucher_part__gte=0, voucher_part__lte=F("amount")),
                name="credit_note_voucher_part_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class CreditNoteLine(models.Model):
    """The part of one invoice line a credit note gives back."""

    credit_note = models.ForeignKey(CreditNote, on_delete=models.CASCADE, related_name="lines")
    invoice_line = models.ForeignKey(InvoiceLine, on_delete=models.PROTECT, related_name="credits")
    amount = models.DecimalField(_("amount credited"), max_digits=12, decimal_places=2)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="credit_line_amount_positive")]

    def __str__(self) -> str:
        return f"{self.credit_note_id} {self.amount}"
