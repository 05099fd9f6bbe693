"""Base models shared by every domain app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def in_current_language(obj: object, field: str) -> str:
    """`obj.<field>_zh` when Chinese is active and it is filled in, else `obj.<field>_en`."""
    language = (get_language() or "en").lower()
    if language.startswith("zh"):
        chinese = getattr(obj, f"{field}_zh", "")
        if chinese:
            return str(chinese)
    return str(getattr(obj, f"{field}_en", ""))


class AppendOnlyModel(models.Model):
    """Rows written once and never changed or deleted through the ORM (a database trigger refuses it too)."""

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError(f"{self._meta.verbose_name_plural} are append-only".capitalize())
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError(f"{self._meta.verbose_name_plural} are append-only".capitalize())


class AuditEvent(AppendOnlyModel):
    """One append-only line of the audit trail (written by `core.audit.audit_record`)."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    action = models.CharField(_("what"), max_length=60)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("audit event")
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.from_state}→{self.to_state}"
