"""Builds the innovation map from the packaged seed file through the registry services.

`data/shanghai.yaml` is the verified seed file as compiled; `data/additions.yaml` adds Chinese names,
short codes and the projects the seed's facility records describe; `data/translations_zh.yaml` adds the
Chinese text of everything else a record shows, and the labels of attribute names.
Every fact keeps its `source`.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from sciencecity.core.partial_dates import parse_partial_date
from sciencecity.registry import services
from sciencecity.registry.models import Facility, FirstKind, Instrument, Organisation, Verification

ARTICLE = (
    '"Shanghai: Accelerating the Construction of a Science and Technology Innovation Center '
    'with Global Influence" (2023)'
)

_ORG_KINDS = {
    "research_institute": Organisation.Kind.RD_INSTITUTION,
    "new_rd_institution": Organisation.Kind.NEW_RD_INSTITUTION,
    "university": Organisation.Kind.UNIVERSITY,
    "facility_operator": Organisation.Kind.FACILITY_OPERATOR,
    "enterprise": Organisation.Kind.COMPANY,
    "hospital": Organisation.Kind.HOSPITAL,
    "government": Organisation.Kind.AGENCY,
    "government_agency": Organisation.Kind.AGENCY,
}
_FACILITY_KINDS = {
    "major_research_infrastructure": Facility.Kind.LARGE_FACILITY,
    "clinical_research_facility": Facility.Kind.CLINICAL_FACILITY,
}


class SeedError(Exception):
    """A seed record the services refused; the message names the record."""


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str, result: services.Upserted[Any]) -> None:
        counter = self.created if result.created else self.changed if result.changed else self.unchanged
        counter[kind] += 1

    @property
    def total_writes(self) -> int:
        return sum(self.created.values()) + sum(self.changed.values())


def read_data(name: str) -> dict[str, Any]:
    """A data file, parsed (once per process: the files are part of the package) and copied for the caller."""
    return copy.deepcopy(_parsed(name))


@cache
def _parsed(name: str) -> dict[str, Any]:
    text = resources.files("sciencecity.demo").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 -- a safe loader


def _date(value: Any) -> tuple[Any, str]:
    return parse_partial_date(str(value)) if value else (None, "day")


def _first_kind(text: str | None) -> str:
    text = (text or "").lower()
    if "global first" in text:
        return FirstKind.GLOBAL
    if "national first" in text:
        return FirstKind.NATIONAL
    return FirstKind.NONE


def _status(text: str | None, default: str) -> str:
    text = (text or "").lower()
    if "construction" in text:
        return "under_construction"
    if "commission" in text:
        return "commissioning"
    return default


def _verification(record: dict[str, Any]) -> str:
    return Verification(record.get("verification", "verified")).value


def _common(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": record["source"],
        "verification": _verification(record),
        "unverified": list(record.get("unverified", [])),
    }


def _parenthesised_code(name: str) -> str | None:
    match = re.search(r"\(([A-Z][A-Za-z0-9-]+)\)\s*$", name)
    return match.group(1) if match else None


# "Name (中文名)", with ASCII or full-width brackets.
_CHINESE_IN_BRACKETS = re.compile(
    r"^(?P<en>.*?)\s*[(\uff08](?P<zh>[^()\uff08\uff09]*[\u4e00-\u9fff][^()\uff08\uff09]*)[)\uff09]\s*$"
)

# Keys of a record in translations_zh.yaml whose model field is not `<key>_zh`.
_ZH_FIELDS = {"parent": "parent_name_zh"}


def split_bilingual_name(name: str) -> tuple[str, str]:
    """ "Fourier Intelligence (傅利叶智能)" -> ("Fourier Intelligence", "傅利叶智能").

    Names without Chinese in brackets stay whole."""
    match = _CHINESE_IN_BRACKETS.match(name)
    return (match["en"], match["zh"]) if match else (name, "")


def _lines(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


class _Loader:
    def __init__(self, seed: dict[str, Any], additions: dict[str, Any], translations: dict[str, Any]) -> None:
        self.seed = seed
        self.en: dict[str, str] = additions.get("names_en", {})
        self.zh: dict[str, str] = additions.get("names_zh", {})
        self.codes: dict[str, str] = additions.get("codes", {})
        self.projects: list[dict[str, Any]] = additions.get("projects", [])
        self.translated: dict[str, dict[str, Any]] = translations.get("records", {})
        self.translation_kind: str = translations.get("translation", "machine")
        self.labels: dict[str, list[str]] = translations.get("labels", {})
        self.regions_zh: dict[str, str] = translations.get("regions", {})
        self.report = LoadReport()

    def _name(self, record: dict[str, Any]) -> dict[str, str]:
        """English name without Chinese in brackets; the Chinese name from the seed, additions or brackets."""
        english, bracketed = split_bilingual_name(record["name"])
        return {
            "name_en": english,
            "name_zh": record.get("name_zh") or self.zh.get(record["id"]) or bracketed,
        }

    def _chinese(self, record_id: str, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
        """The `_zh` fields translations_zh.yaml gives a record, flagged with how they were translated."""
        given = {k: v for k, v in self.translated.get(record_id, {}).items() if k not in skip}
        values: dict[str, Any] = {_ZH_FIELDS.get(key, f"{key}_zh"): value for key, value in given.items()}
        values["translation_zh"] = self.translation_kind if self.translated.get(record_id) else ""
        return values

    def _write(self, label: str, service: Callable[..., services.Upserted[Any]], /, **values: Any) -> None:
        try:
            self.report.add(label, service(**values))
        except ValidationError as exc:
            raise SeedError(f"{label} {values['slug']}: {'; '.join(exc.messages)}") from exc

    def run(self) -> LoadReport:
        for step in (
            self.attribute_labels,
            self.fields,
            self.organisations,
            self.platforms,
            self.facilities,
            self.stations,
            self.projects_,
            self.achievements,
            self.drugs,
            self.claims,
        ):
            step()
        return self.report

    def attribute_labels(self) -> None:
        for key, (english, chinese) in self.labels.items():
            self._write(
                "attribute label",
                services.attribute_label_upsert,
                key=key,
                label_en=english,
                label_zh=chinese,
                translation_zh=self.translation_kind,
            )

    def fields(self) -> None:
        for r in self.seed["fields"]:
            self._write(
                "field",
                services.field_upsert,
                slug=r["id"],
                name_en=self.en.get(r["id"], r["name"]),
                name_zh=self.zh.get(r["id"], ""),
                **self._chinese(r["id"]),
                **_common(r),
            )

    def organisations(self) -> None:
        for r in self.seed["institutions"]:
            established, precision = _date(r.get("established"))
            founders = ", ".join(r.get("founders", []))
            self._write(
                "organisation",
                services.organisation_upsert,
                slug=r["id"],
                **self._name(r),
                kind=_ORG_KINDS[r["type"]],
                region_zh=self.regions_zh.get("Shanghai", ""),
                location=r.get("location", ""),
                parent_name=r.get("parent", ""),
                role_en=r.get("role", ""),
                description_en=_lines(r.get("facts"), founders and f"Founded by: {founders}."),
                established=established,
                established_precision=precision,
                fields=r.get("fields", []),
                **self._chinese(r["id"]),
                **_common(r),
            )

    def platforms(self) -> None:
        for r in self.seed["platforms"]:
            established, precision = _date(r.get("established"))
            operator = r.get("operator", "")
            if operator.startswith("org-"):
                operator = next(o["name"] for o in self.seed["institutions"] if o["id"] == operator)
            functions = ", ".join(r.get("functions", []))
            self._write(
                "organisation",
                services.organisation_upsert,
                slug=r["id"],
                **self._name(r),
                kind=Organisation.Kind.SERVICE_PLATFORM,
                region_zh=self.regions_zh.get("Shanghai", ""),
                website=r.get("url", ""),
                role_en=_lines(
                    operator and f"Operated by {operator}.", functions and f"Functions: {functions}."
                ),
                description_en=_lines(
                    r.get("facts"),
                    r.get("provider_entry") and f"Provider entry: {r['provider_entry']}.",
                    r.get("rules_valid") and f"Rules valid {r['rules_valid']}.",
                ),
                established=established,
                established_precision=precision,
                **self._chinese(r["id"]),
                **_common(r),
            )

    def facilities(self) -> None:
        for r in self.seed["facilities"]:
            start, start_precision = _date(r.get("construction_start"))
            opened, opened_precision = _date(r.get("open_to_users") or r.get("official_opening"))
            usage = [
                f"As of {u.pop('as_of')}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in u.items())
                for u in (dict(u) for u in r.get("usage_stats", []))
            ]
            approvals = [f"Approved {r['approved']}." if r.get("approved") else None]
            trial = [f"Trial operation from {r['trial_operation']}." if r.get("trial_operation") else None]
            events_zh = self.translated.get(r["id"], {}).get("milestones", [])
            milestones = [{"date": str(m["date"]), "event": m["event"]} for m in r.get("milestones", [])]
            for milestone, event_zh in zip(milestones, events_zh, strict=False):
                milestone["event_zh"] = event_zh
            values = {
                "slug": r["id"],
                "code": self.codes.get(r["id"]) or _parenthesised_code(r["name"]),
                **self._name(r),
                "kind": _FACILITY_KINDS[r["category"]],
                "subtype": r.get("subtype", ""),
                "status": _status(r.get("status"), Facility.Status.OPERATING),
                "operator": r.get("operator"),
                "builders": [*r.get("builders", []), *r.get("partners", [])],
                "location": r.get("location", ""),
                "specs": {k: v for k, v in r.get("specs", {}).items()},
                "milestones": milestones,
                "construction_start": start,
                "construction_start_precision": start_precision,
                "opened": opened,
                "opened_precision": opened_precision,
                "cost_cny": r.get("cost_cny"),
                "first_kind": _first_kind(r.get("firsts")),
                "firsts_en": r.get("firsts", ""),
                "description_en": _lines(*approvals, *trial, *usage),
                "fields": r.get("fields", []),
                **self._chinese(r["id"], skip=("milestones",)),
                **_common(r),
            }
            self._write("facility", services.facility_upsert, **values)

    def stations(self) -> None:
        known = {"id", "facility", "code", "technique", "status", "opened", "owner", "source", "verification"}
        for r in self.seed["stations"]:
            opened, precision = _date(r.get("opened"))
            specs = {k: v for k, v in r.items() if k not in known and k != "unverified"}
            status = _status(r.get("status"), Instrument.Status.OPERATING)
            self._write(
                "instrument",
                services.instrument_upsert,
                slug=r["id"],
                facility=r["facility"],
                code=str(r["code"]),
                name_en=f"{r['code']} {r['technique']}",
                name_zh=f"{r['code']} 线站",
                techniques=str(r["technique"]),
                owner=r.get("owner"),
                specs=specs,
                status=status,
                access_mode=Instrument.AccessMode.PROPOSAL,
                opened=opened,
                opened_precision=precision,
                description_en=f"Status as reported: {r['status']}." if r.get("status") else "",
                **self._chinese(r["id"]),
                **_common(r),
            )

    def projects_(self) -> None:
        for r in self.projects:
            start, start_precision = _date(r.get("start"))
            end, end_precision = _date(r.get("end"))
            self._write(
                "project",
                services.project_upsert,
                slug=r["id"],
                name_en=r["name"],
                name_zh=r.get("name_zh", ""),
                description_en=r.get("detail", ""),
                organisation=r["organisation"],
                facility=r.get("facility"),
                field=r["field"],
                status=r["status"],
                start=start,
                start_precision=start_precision,
                end=end,
                end_precision=end_precision,
                **self._chinese(r["id"]),
                **_common(r),
            )

    def achievements(self) -> None:
        for r in self.seed["achievements"]:
            date, precision = _date(r["date"])
            self._write(
                "achievement",
                services.achievement_upsert,
                slug=r["id"],
                title_en=r["title"],
                title_zh=self.zh.get(r["id"], ""),
                detail_en=r.get("detail", ""),
                category=r["category"],
                date=date,
                date_precision=precision,
                first_kind=_first_kind(r.get("firsts")),
                firsts_en=r.get("firsts", ""),
                organisations=[r["org"]] if r.get("org") else [],
                facilities=[r["facility"]] if r.get("facility") else [],
                fields=r.get("fields", []),
                **self._chinese(r["id"]),
                **_common(r),
            )

    def drugs(self) -> None:
        """A drug's showcased achievement is its first approval by the US FDA."""
        for r in self.seed["drugs"]:
            fda = next(a for a in r["approvals"] if a["region"] == "US FDA")
            date, precision = _date(fda["date"])
            brand = r["brands"].get("us", "")
            approvals = "; ".join(
                f"{a['region']} {a['date']}" + (f" ({a['indication']})" if a.get("indication") else "")
                for a in r["approvals"]
            )
            self._write(
                "achievement",
                services.achievement_upsert,
                slug=r["id"],
                title_en=f"US FDA approves {r['inn']} ({brand})",
                title_zh=self.zh.get(r["id"], ""),
                detail_en=_lines(f"{r['mechanism']}.", f"Approvals: {approvals}."),
                category="drug",
                date=date,
                date_precision=precision,
                first_kind=_first_kind(r.get("firsts")),
                firsts_en=r.get("firsts", ""),
                reported_claim=r.get("article_claim", ""),
                organisations=[r["originator"]],
                fields=r.get("fields", []),
                **self._chinese(r["id"]),
                **_common(r),
            )

    def claims(self) -> None:
        for r in self.seed["article_claims"]:
            self._write(
                "claim",
                services.claim_upsert,
                slug=r["id"],
                text_en=r["text"],
                text_zh=self.zh.get(r["id"], ""),
                reported_in=ARTICLE,
                **self._chinese(r["id"]),
            )


@transaction.atomic
def load_demo(
    seed: dict[str, Any] | None = None,
    additions: dict[str, Any] | None = None,
    translations: dict[str, Any] | None = None,
) -> LoadReport:
    """Load the whole map in one transaction: a refused record leaves the database as it was."""
    loader = _Loader(
        seed or read_data("shanghai.yaml"),
        additions or read_data("additions.yaml"),
        translations or read_data("translations_zh.yaml"),
    )
    return loader.run()
