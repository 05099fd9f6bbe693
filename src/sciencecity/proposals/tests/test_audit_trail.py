import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from sciencecity.core.audit import audit_trail
from sciencecity.core.models import AuditEvent


def test_an_audit_event_cannot_be_rewritten_through_the_orm(draft):
    event = audit_trail(draft)[0]
    event.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_the_database_itself_refuses_to_rewrite_an_audit_event(draft):
    event = audit_trail(draft)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_the_database_refuses_deleting_audit_events_on_postgresql(draft):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite refuses rewrites only: its test flush deletes rows")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(target_id=draft.pk).delete()
    assert audit_trail(draft).exists()
