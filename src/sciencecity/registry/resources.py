"""CSV/XLSX import and export of each registry table (django-import-export).

Rows are keyed by `slug`; related records are named by their slug. Every row is validated with the
model's own `full_clean`, and a file imports whole or not at all (IMPORT_EXPORT_USE_TRANSACTIONS).
"""

from __future__ import annotations

import json

from django.db.models import CharField, TextField
from import_export import fields, resources, widgets

from sciencecity.registry.models import Achievement, Claim, Facility, Field, Instrument, Organisation, Project


def _fk(name: str, model: type) -> fields.Field:
    return fields.Field(
        attribute=name, column_name=name, widget=widgets.ForeignKeyWidget(model, field="slug")
    )


def _m2m(name: str, model: type) -> fields.Field:
    return fields.Field(
        attribute=name, column_name=name, widget=widgets.ManyToManyWidget(model, field="slug", separator=";")
    )


class JSONValueWidget(widgets.JSONWidget):
    """JSON cells; an empty cell is the empty value ({} or []) rather than None, and exports as such."""

    def __init__(self, empty: type[dict] | type[list]) -> None:
        super().__init__()
        self.empty = empty

    def clean(self, value, row=None, **kwargs):
        cleaned = super().clean(value, row, **kwargs)
        return self.empty() if cleaned is None else cleaned

    def render(self, value, obj=None, **kwargs):
        return json.dumps(self.empty() if value is None else value, ensure_ascii=False)


def _json(name: str, empty: type[dict] | type[list]) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=JSONValueWidget(empty))


class RegistryResource(resources.ModelResource):
    unverified = _json("unverified", list)

    class Meta:
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        exclude = ("id", "created_at", "updated_at")

    def before_import_row(self, row, **kwargs):
        # Spreadsheets give empty cells as None; text columns that cannot be null mean "".
        for model_field in self._meta.model._meta.get_fields():
            text = isinstance(model_field, CharField | TextField) and not model_field.null
            if text and model_field.name in row and row[model_field.name] is None:
                row[model_field.name] = ""

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        # A file with one invalid row imports nothing: a half-registered batch is worse than none.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run, raise_errors, use_transactions, **kwargs)


class FieldResource(RegistryResource):
    class Meta(RegistryResource.Meta):
        model = Field


class OrganisationResource(RegistryResource):
    fields = _m2m("fields", Field)

    class Meta(RegistryResource.Meta):
        model = Organisation


class FacilityResource(RegistryResource):
    operator = _fk("operator", Organisation)
    builders = _m2m("builders", Organisation)
    fields = _m2m("fields", Field)
    specs = _json("specs", dict)
    specs_zh = _json("specs_zh", dict)
    milestones = _json("milestones", list)

    class Meta(RegistryResource.Meta):
        model = Facility


class InstrumentResource(RegistryResource):
    facility = _fk("facility", Facility)
    owner = _fk("owner", Organisation)
    specs = _json("specs", dict)
    specs_zh = _json("specs_zh", dict)

    class Meta(RegistryResource.Meta):
        model = Instrument


class ProjectResource(RegistryResource):
    field = _fk("field", Field)
    organisation = _fk("organisation", Organisation)
    facility = _fk("facility", Facility)

    class Meta(RegistryResource.Meta):
        model = Project


class AchievementResource(RegistryResource):
    organisations = _m2m("organisations", Organisation)
    facilities = _m2m("facilities", Facility)
    fields = _m2m("fields", Field)

    class Meta(RegistryResource.Meta):
        model = Achievement


class ClaimResource(resources.ModelResource):
    class Meta:
        model = Claim
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True
        exclude = ("id", "created_at", "updated_at")
