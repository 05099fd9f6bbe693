"""The append-only audit trail: who changed what, when, from which state to which, and why.

Rows are only ever inserted. The model refuses updates and deletes, and a database trigger (migration
`core/0001_audit_trail`) refuses them too, so no code path — ORM, raw SQL or admin — rewrites history.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from sciencecity.core.models import AuditEvent


def audit_record(
    *,
    actor: object | None,
    target: models.Model,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
) -> AuditEvent:
    """Append one event; call it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,  # type: ignore[misc]
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )


def audit_trail(target: models.Model) -> models.QuerySet[AuditEvent]:
    """Every event of one record, oldest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("actor")
