"""CSV/XLSX import and export of each registry table (django-import-export).

Rows are keyed by `slug`; related records are named by their slug, and a slug that names no record is an
error of its row. Every row is validated with the model's own `full_clean`, and a file imports whole or not
at all (IMPORT_EXPORT_USE_TRANSACTIONS and rollback on validation errors).
Imported by a person (the admin passes `user`), a row that changes a record outside their scope, or leaves
one there, is refused with its line (registry/permissions.py) and nothing of the file is written.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db.models import CharField, TextField
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import RowResult

from sciencecity.registry.models import Achievement, Claim, Facility, Field, Instrument, Organisation, Project
from sciencecity.registry.permissions import can_edit, editable_records


class SlugWidget(widgets.ForeignKeyWidget):
    """A related record named by its slug; an unknown slug is an error of the row that names it."""

    def __init__(self, model: type) -> None:
        super().__init__(model, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as exc:
            raise ValueError(f"Unknown {self.model._meta.verbose_name}: {value}") from exc


class SlugsWidget(widgets.ManyToManyWidget):
    """Related records named by their slugs, separated by ";". Every slug must name a record: the stock
    widget drops unknown ones silently, so one typo would quietly unlink what the row used to name."""

    def __init__(self, model: type) -> None:
        super().__init__(model, field="slug", separator=";")

    def clean(self, value, row=None, **kwargs):
        related = super().clean(value, row, **kwargs)
        if not value:
            return related
        wanted = [str(slug).strip() for slug in str(value).split(self.separator) if str(slug).strip()]
        found = set(related.values_list("slug", flat=True))
        missing = [slug for slug in dict.fromkeys(wanted) if slug not in found]
        if missing:
            raise ValueError(f"Unknown {self.model._meta.verbose_name}: {', '.join(missing)}")
        return related


def _fk(name: str, model: type) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=SlugWidget(model))


def _m2m(name: str, model: type) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=SlugsWidget(model))


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


class ScopedImport:
    """Refuse, row by row, what the importing user may not edit; the whole file then rolls back."""

    _meta: resources.ResourceOptions

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        # A file with one invalid or refused row imports nothing: a half-registered batch is worse than none.
        kwargs["rollback_on_validation_errors"] = True
        if kwargs.get("user") is not None:
            use_transactions = True  # the scope check after each row relies on rolling back
        return super().import_data(dataset, dry_run, raise_errors, use_transactions, **kwargs)  # type: ignore[misc]

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)  # type: ignore[misc]
        user = kwargs.get("user")
        # An existing record outside the scope may be left as it is, not changed (see save_instance).
        instance._scope_refused = user is not None and not new and not can_edit(user, instance)

    def save_instance(self, instance, is_create, row, **kwargs):
        if getattr(instance, "_scope_refused", False):
            raise ValidationError(self._refusal(kwargs, instance))
        super().save_instance(instance, is_create, row, **kwargs)  # type: ignore[misc]

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)  # type: ignore[misc]
        user = kwargs.get("user")
        written = row_result.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE)
        editable = editable_records(user, self._meta.model) if user is not None else None
        if written and editable is not None and not editable.filter(pk=row_result.object_id).exists():
            raise ValidationError(self._refusal(kwargs, row_result.object_repr))

    @staticmethod
    def _refusal(kwargs, record) -> str:
        return _("Line %(line)s: “%(record)s” is outside what you may edit; nothing was imported.") % {
            "line": kwargs.get("row_number"),
            "record": record,
        }


class SlugKeyedResource(ScopedImport, resources.ModelResource):
    """Rows keyed by slug, each checked with the model's `full_clean`; a file imports whole or not at all."""

    class Meta:
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        # Derived columns (search tokens, stored counts) are the database's to keep, not a file's.
        exclude = ("id", "created_at", "updated_at", "search_name", "search_text", "instrument_count")

    def before_import_row(self, row, **kwargs):
        # Spreadsheets give empty cells as None; text columns that cannot be null mean "".
        for model_field in self._meta.model._meta.get_fields():
            text = isinstance(model_field, CharField | TextField) and not model_field.null
            if text and model_field.name in row and row[model_field.name] is None:
                row[model_field.name] = ""

    def import_instance(self, instance, row, **kwargs):
        # import-export reads many-to-many cells only after saving the row; read them first, so that an
        # unknown slug there is an error of this row like any other invalid cell.
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as exc:
                    errors[field.attribute] = ValidationError(str(exc), code="invalid")
        if errors:
            raise ValidationError(errors)


class RegistryResource(SlugKeyedResource):
    """The map's records, which also list the attributes no independent source confirmed."""

    unverified = _json("unverified", list)

    class Meta(SlugKeyedResource.Meta):
        pass


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


class ClaimResource(SlugKeyedResource):
    class Meta(SlugKeyedResource.Meta):
        model = Claim
