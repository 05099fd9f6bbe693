"""Innovation vouchers: the agency's schemes, the firms' applications, vouchers, claims and their ledger.

The ledger (`LedgerEntry`) is the record of every step and is append-only (a database trigger refuses UPDATE
and DELETE, as for `core.AuditEvent`). A voucher's `balance` and the per-year spend (`YearSpend`) are
counters kept in the same transaction as the ledger line that moves them, so the database itself can refuse
an overdraft (check constraints `balance >= 0`, `spent <= cap`); `selectors.ledger_balance` derives the
balance from the ledger alone, and the tests check both agree.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sciencecity.core.models import AppendOnlyModel, TimeStampedModel
from sciencecity.registry.models import Instrument, Organisation

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}
FEN = Decimal("0.01")


class Scheme(TimeStampedModel):
    """A voucher scheme run by an agency: who may apply, what share it pays, up to what, where and when."""

    agency = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="voucher_schemes", verbose_name=_("agency")
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_zh = models.CharField(_("name (Simplified Chinese)"), max_length=255, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    share = models.DecimalField(
        _("share of the cost covered"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("1"))],
        help_text=_("0.5 pays half of each eligible line."),
    )
    yearly_cap = models.DecimalField(
        _("yearly cap per beneficiary"),
        **MONEY,
        validators=[MinValueValidator(FEN)],
        help_text=_("Counted by the year of the service (the invoice's date)."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    # Eligibility by the registration data a firm declares (blank: no limit of that kind).
    max_employees = models.PositiveIntegerField(_("at most employees"), null=True, blank=True)
    max_revenue = models.DecimalField(_("at most yearly revenue"), **MONEY, null=True, blank=True)
    max_age_years = models.PositiveSmallIntegerField(
        _("registered at most this many years ago"), null=True, blank=True
    )
    districts = models.JSONField(
        _("eligible registered districts"), default=list, blank=True, help_text=_("Empty: any district.")
    )
    eligible_providers = models.ManyToManyField(
        Organisation, related_name="voucher_schemes_served", verbose_name=_("eligible providers")
    )
    eligible_instruments = models.ManyToManyField(
        Instrument,
        blank=True,
        related_name="voucher_schemes",
        verbose_name=_("eligible services (instruments)"),
        help_text=_("Empty: every instrument of an eligible provider."),
    )
    example_values = models.BooleanField(
        _("figures are example values"),
        default=False,
        help_text=_("The share and caps are examples, not published figures of a real scheme."),
    )

    class Meta:
        ordering = ["-valid_from", "code"]
        verbose_name = _("voucher scheme")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="voucher_scheme_valid_in_order"
            ),
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=1), name="voucher_scheme_share_in_range"
            ),
            models.CheckConstraint(condition=Q(yearly_cap__gt=0), name="voucher_scheme_cap_positive"),
        ]

    def __str__(self) -> str:
        return self.name_en


class Application(TimeStampedModel):
    """A firm's application to a scheme with the registration data it declares; the agency decides."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="applications", verbose_name=_("scheme")
    )
    applicant = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="voucher_applications",
        verbose_name=_("applicant firm"),
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    employees = models.PositiveIntegerField(_("employees"))
    revenue = models.DecimalField(_("last year's revenue"), **MONEY, validators=[MinValueValidator(0)])
    registered_on = models.DateField(_("registration date"))
    district = models.CharField(_("registered district"), max_length=80)
    requested_amount = models.DecimalField(
        _("amount requested"), **MONEY, validators=[MinValueValidator(FEN)]
    )
    purpose = models.TextField(_("what the voucher is for"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("voucher application")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "applicant"],
                condition=~Q(status="rejected"),
                name="voucher_application_one_open_per_scheme",
            ),
            models.CheckConstraint(condition=Q(requested_amount__gt=0), name="voucher_application_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.scheme}"


class Relation(TimeStampedModel):
    """A declared relation between two organisations (shareholding, common director, parent): a voucher of
    one may never pay the other (self-dealing)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="voucher_relations",
        verbose_name=_("organisation"),
    )
    related = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("related organisation")
    )
    kind = models.CharField(_("kind of relation"), max_length=120)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("declared by")
    )

    class Meta:
        verbose_name = _("declared relation")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "related"], name="voucher_relation_once"),
            models.CheckConstraint(
                condition=~Q(organisation=F("related")), name="voucher_relation_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ~ {self.related} ({self.kind})"


class Voucher(TimeStampedModel):
    """What an approved application issues: an amount to spend at eligible providers until it expires."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("scheme")
    )
    beneficiary = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("beneficiary")
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="voucher", verbose_name=_("application")
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    amount = models.DecimalField(_("amount"), **MONEY)
    balance = models.DecimalField(_("balance"), **MONEY)
    expires = models.DateField(_("expires"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("voucher")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="voucher_amount_positive"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="voucher_balance_not_negative"),
            models.CheckConstraint(
                condition=Q(balance__lte=F("amount")), name="voucher_balance_within_amount"
            ),
            # One voucher per firm and scheme, so locking it serialises every spend against the firm's cap.
            models.UniqueConstraint(fields=["scheme", "beneficiary"], name="voucher_one_per_scheme_and_firm"),
        ]

    def __str__(self) -> str:
        return self.number


class YearSpend(models.Model):
    """What a voucher has paid for services of one year, against the scheme's yearly cap (copied here so
    the database can refuse going past it)."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="year_spends")
    year = models.PositiveSmallIntegerField()
    cap = models.DecimalField(**MONEY)
    spent = models.DecimalField(**MONEY, default=Decimal("0"))

    class Meta:
        verbose_name = _("yearly spend")
        constraints = [
            models.UniqueConstraint(fields=["voucher", "year"], name="voucher_year_spend_once"),
            models.CheckConstraint(condition=Q(spent__gte=0), name="voucher_year_spend_not_negative"),
            models.CheckConstraint(condition=Q(spent__lte=F("cap")), name="voucher_year_spend_within_cap"),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_id} {self.year}: {self.spent}/{self.cap}"


class Claim(TimeStampedModel):
    """A provider's claim for the voucher's share of an issued invoice, with proof the firm paid its own."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        SETTLED = "settled", _("settled")
        REJECTED = "rejected", _("rejected")

    invoice = models.ForeignKey(
        "accounting.Invoice",
        on_delete=models.PROTECT,
        related_name="voucher_claims",
        verbose_name=_("invoice"),
    )
    voucher = models.ForeignKey(
        Voucher, on_delete=models.PROTECT, related_name="claims", verbose_name=_("voucher")
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="voucher_claims", verbose_name=_("provider")
    )
    amount = models.DecimalField(_("amount claimed"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    proof = models.FileField(_("proof of payment (PDF)"), upload_to="voucher-claims/", blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("claimed by")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("voucher claim")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="voucher_claim_amount_positive"),
            models.UniqueConstraint(
                fields=["invoice"], condition=~Q(status="rejected"), name="voucher_claim_one_open_per_invoice"
            ),
            models.CheckConstraint(
                condition=~Q(proof="") | ~Q(payment_reference=""), name="voucher_claim_has_proof"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} · {self.voucher} · {self.amount}"


class LedgerEntry(AppendOnlyModel):
    """One append-only step of a voucher's life. `delta` is its effect on the balance (issue +, redeem -,
    reverse +; claims and settlements move no balance and carry their amount in `amount`)."""

    class Kind(models.TextChoices):
        ISSUE = "issue", pgettext_lazy("voucher ledger", "issued")
        REDEEM = "redeem", _("redeemed")
        REVERSE = "reverse", _("reversed")
        CLAIM = "claim", _("claimed")
        SETTLE = "settle", _("settled")
        REJECT = "reject", _("claim rejected")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    voucher = models.ForeignKey(
        Voucher, on_delete=models.PROTECT, related_name="ledger", verbose_name=_("voucher")
    )
    kind = models.CharField(_("step"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    delta = models.DecimalField(_("change to the balance"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    service_year = models.PositiveSmallIntegerField(_("year of the service"), null=True, blank=True)
    invoice = models.ForeignKey(
        "accounting.Invoice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voucher_ledger",
        verbose_name=_("invoice"),
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger", verbose_name=_("claim")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("voucher ledger entry")
        verbose_name_plural = _("voucher ledger")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="voucher_ledger_amount_not_negative"),
            models.CheckConstraint(
                condition=(Q(kind="issue") & Q(delta=F("amount")))
                | (Q(kind="redeem") & Q(delta=-F("amount")))
                | (Q(kind="reverse") & Q(delta=F("amount")))
                | (Q(kind__in=["claim", "settle", "reject"]) & Q(delta=0)),
                name="voucher_ledger_delta_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.kind} {self.amount}"
