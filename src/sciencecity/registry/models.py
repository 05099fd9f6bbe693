"""The innovation map: organisations, facilities, instruments, fields, projects and achievements."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sciencecity.core.fast import slug_url
from sciencecity.core.models import TimeStampedModel, in_current_language
from sciencecity.core.partial_dates import Precision, format_partial_date
from sciencecity.core.sources import split_sources, validate_sources
from sciencecity.registry.search import document


class Verification(models.TextChoices):
    VERIFIED = "verified", _("verified")
    PARTIAL = "partial", _("partly verified")
    ARTICLE_CLAIM = "article_claim", _("as reported")


class FirstKind(models.TextChoices):
    GLOBAL = "global", _("global first")
    NATIONAL = "national", _("national first")
    NONE = "none", _("none")


def validate_mapping(value: object) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("Give the specifications as a mapping of name to value."))


class Translation(models.TextChoices):
    """Where a record's Chinese text came from, so staff know what still needs a person's review."""

    NONE = "", _("not recorded")
    MACHINE = "machine", _("machine translation, to be reviewed")
    REVIEWED = "reviewed", _("reviewed by a person")


def translation_field() -> models.CharField:
    return models.CharField(
        _("Chinese translation"),
        max_length=10,
        choices=Translation.choices,
        default=Translation.NONE,
        blank=True,
        help_text=_("Machine-made Chinese text is shown to readers but should be reviewed by a person."),
    )


class SourcedRecord(TimeStampedModel):
    """A public record: a stable slug, its sources, and how far it was verified."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    source = models.TextField(
        _("source URLs"), validators=[validate_sources], help_text=_("Separate URLs with ';'.")
    )
    verification = models.CharField(
        _("verification"), max_length=20, choices=Verification.choices, default=Verification.VERIFIED
    )
    unverified = models.JSONField(
        _("unverified attributes"), default=list, blank=True, help_text=_("Attributes no source confirmed.")
    )
    translation_zh = translation_field()

    class Meta:
        abstract = True

    @property
    def source_urls(self) -> list[str]:
        return split_sources(self.source)

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.unverified, list) or not all(isinstance(x, str) for x in self.unverified):
            raise ValidationError({"unverified": _("Give a list of attribute names.")})


class NamedRecord(SourcedRecord):
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_zh = models.CharField(_("name (Simplified Chinese)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Simplified Chinese)"), blank=True)

    class Meta:
        abstract = True
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return in_current_language(self, "name")

    @property
    def description(self) -> str:
        return in_current_language(self, "description")


class Searchable(models.Model):
    """A record found by search: its text as tokens (registry/search.py), kept in step on every save, in two
    parts ranked differently (what names it, what describes it). The engine indexes these columns: a
    generated tsvector with a GIN index on PostgreSQL, an FTS5 table kept by triggers on SQLite (migration
    0004); a bulk import fills them with `refresh_search`."""

    search_name = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")

    SEARCH_NAME: tuple[str, ...] = ()
    SEARCH_TEXT: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name", "search_text"}
        super().save(*args, **kwargs)

    def refresh_search(self) -> None:
        self.search_name = document(*(str(getattr(self, f) or "") for f in self.SEARCH_NAME))
        self.search_text = document(*(str(getattr(self, f) or "") for f in self.SEARCH_TEXT))


class Field(Searchable, NamedRecord):
    """A research or industrial field, used for field shares."""

    SEARCH_NAME = ("name_en", "name_zh")

    class Meta(NamedRecord.Meta):
        verbose_name = _("field")


class Organisation(Searchable, NamedRecord):
    SEARCH_NAME = ("name_en", "name_zh")
    SEARCH_TEXT = ("role_en", "role_zh", "description_en", "description_zh", "location", "location_zh")

    class Kind(models.TextChoices):
        FACILITY_OPERATOR = "facility_operator", _("facility operator")
        RD_INSTITUTION = "rd_institution", _("R&D institution")
        NEW_RD_INSTITUTION = "new_rd_institution", _("new R&D institution")
        UNIVERSITY = "university", _("university")
        ENTERPRISE_TECH_CENTER = "enterprise_tech_center", _("enterprise technology center")
        SERVICE_PLATFORM = "service_platform", _("public technology service platform")
        COMPANY = "company", _("company")
        HOSPITAL = "hospital", _("hospital")
        AGENCY = "agency", _("government agency")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=80, default="Shanghai")
    region_zh = models.CharField(_("region (Simplified Chinese)"), max_length=80, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    location_zh = models.CharField(_("location (Simplified Chinese)"), max_length=255, blank=True)
    parent_name = models.CharField(_("parent organisation"), max_length=255, blank=True)
    parent_name_zh = models.CharField(
        _("parent organisation (Simplified Chinese)"), max_length=255, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    established = models.DateField(_("established"), null=True, blank=True)
    established_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    role_en = models.TextField(_("role (English)"), blank=True)
    role_zh = models.TextField(_("role (Simplified Chinese)"), blank=True)
    fields = models.ManyToManyField(Field, blank=True, related_name="organisations", verbose_name=_("fields"))

    class Meta(NamedRecord.Meta):
        verbose_name = _("organisation")
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["region"])]

    def get_absolute_url(self) -> str:
        return slug_url("showcase:organisation", self.slug)

    @property
    def established_display(self) -> str:
        return format_partial_date(self.established, self.established_precision)


class Facility(Searchable, NamedRecord):
    SEARCH_NAME = ("code", "name_en", "name_zh", "subtype", "subtype_zh")
    SEARCH_TEXT = ("description_en", "description_zh", "location", "location_zh", "city", "city_zh")

    class Kind(models.TextChoices):
        LARGE_FACILITY = "large_facility", _("large scientific facility")
        CLINICAL_FACILITY = "clinical_facility", _("clinical research facility")
        SERVICE_PLATFORM = "service_platform", _("service platform")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        UNDER_CONSTRUCTION = "under_construction", _("under construction")
        COMMISSIONING = "commissioning", _("commissioning")
        OPERATING = "operating", _("operating")
        UNKNOWN = "unknown", _("status not verified")

    code = models.CharField(_("short name"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.LARGE_FACILITY)
    subtype = models.CharField(_("type"), max_length=255, blank=True)
    subtype_zh = models.CharField(_("type (Simplified Chinese)"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.OPERATING)
    operator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities_operated",
        verbose_name=_("operator"),
    )
    builders = models.ManyToManyField(
        Organisation, blank=True, related_name="facilities_built", verbose_name=_("builders and partners")
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    location_zh = models.CharField(_("location (Simplified Chinese)"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=80, default="Shanghai", db_index=True)
    city_zh = models.CharField(_("city (Simplified Chinese)"), max_length=80, default="上海", blank=True)
    instrument_count = models.PositiveIntegerField(
        _("instruments"),
        default=0,
        editable=False,
        help_text=_("Kept in step by every write of its instruments."),
    )
    specs = models.JSONField(_("key specifications"), default=dict, blank=True, validators=[validate_mapping])
    specs_zh = models.JSONField(
        _("specification values (Simplified Chinese)"),
        default=dict,
        blank=True,
        validators=[validate_mapping],
        help_text=_("Chinese text of the values that are words, by specification name."),
    )
    construction_start = models.DateField(_("construction started"), null=True, blank=True)
    construction_start_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    opened = models.DateField(_("opened to users"), null=True, blank=True)
    opened_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    cost_cny = models.BigIntegerField(_("cost (CNY)"), null=True, blank=True)
    milestones = models.JSONField(
        _("milestones"),
        default=list,
        blank=True,
        help_text=_("A list of {date, event, event_zh}; event_zh is the Chinese text of the event."),
    )
    first_kind = models.CharField(
        _("first"), max_length=10, choices=FirstKind.choices, default=FirstKind.NONE
    )
    firsts_en = models.TextField(_("firsts (English)"), blank=True)
    firsts_zh = models.TextField(_("firsts (Simplified Chinese)"), blank=True)
    fields = models.ManyToManyField(Field, blank=True, related_name="facilities", verbose_name=_("fields"))

    class Meta(NamedRecord.Meta):
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["-instrument_count", "name_en"], name="facility_largest_first"),
            models.Index(fields=["name_en", "id"], name="facility_by_name"),
        ]

    def get_absolute_url(self) -> str:
        return slug_url("showcase:facility", self.slug)

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.milestones, list) or not all(
            isinstance(m, dict) and {"date", "event"} <= m.keys() for m in self.milestones
        ):
            raise ValidationError({"milestones": _("Give milestones as a list of {date, event}.")})
        if self.cost_cny is not None and self.cost_cny < 0:
            raise ValidationError({"cost_cny": _("A cost cannot be negative.")})
        if self.construction_start and self.opened and self.opened < self.construction_start:
            raise ValidationError({"opened": _("A facility cannot open before its construction starts.")})

    @property
    def opened_display(self) -> str:
        return format_partial_date(self.opened, self.opened_precision)

    @property
    def construction_start_display(self) -> str:
        return format_partial_date(self.construction_start, self.construction_start_precision)


class Instrument(Searchable, NamedRecord):
    """The unit that gets time: a beamline end-station, a microscope, a cryo-EM, a PET-CT."""

    SEARCH_NAME = ("code", "name_en", "name_zh", "techniques", "techniques_zh")
    SEARCH_TEXT = ("description_en", "description_zh")

    class AccessMode(models.TextChoices):
        PROPOSAL = "proposal", _("proposal (allocated per cycle)")
        BOOKING = "booking", _("booking (slots)")

    class Status(models.TextChoices):
        OPERATING = "operating", _("operating")
        COMMISSIONING = "commissioning", _("commissioning")
        UNDER_CONSTRUCTION = "under_construction", _("under construction")
        PLANNED = "planned", _("planned")
        CLOSED = "closed", _("closed")

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="instruments", verbose_name=_("facility")
    )
    code = models.CharField(_("code"), max_length=40)
    techniques = models.CharField(
        _("techniques"), max_length=255, help_text=_("Separate techniques with '/'.")
    )
    techniques_zh = models.CharField(
        _("techniques (Simplified Chinese)"),
        max_length=255,
        blank=True,
        help_text=_("The same techniques in the same order, separated by '/'."),
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments_owned",
        verbose_name=_("owner"),
    )
    specs = models.JSONField(_("specifications"), default=dict, blank=True, validators=[validate_mapping])
    specs_zh = models.JSONField(
        _("specification values (Simplified Chinese)"),
        default=dict,
        blank=True,
        validators=[validate_mapping],
        help_text=_("Chinese text of the values that are words, by specification name."),
    )
    access_mode = models.CharField(
        _("access mode"), max_length=10, choices=AccessMode.choices, default=AccessMode.PROPOSAL
    )
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.OPERATING)
    opened = models.DateField(_("opened"), null=True, blank=True)
    opened_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)

    class Meta(NamedRecord.Meta):
        ordering = ["facility__code", "code"]
        verbose_name = _("instrument")
        constraints = [
            models.UniqueConstraint(fields=["facility", "code"], name="instrument_code_unique_per_facility")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name_en}"

    @property
    def booking_calendar_url(self) -> str:
        """The instrument's booking calendar (the booking app's page), as its facility page links it."""
        return slug_url("booking:calendar", self.slug)

    @property
    def technique_list(self) -> list[str]:
        return [t.strip() for t in self.techniques.split("/") if t.strip()]

    @property
    def technique_list_zh(self) -> list[str]:
        return [t.strip() for t in self.techniques_zh.split("/") if t.strip()]

    @property
    def opened_display(self) -> str:
        return format_partial_date(self.opened, self.opened_precision)


class Project(NamedRecord):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ONGOING = "ongoing", _("ongoing")
        COMPLETED = "completed", _("completed")

    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="projects", verbose_name=_("field")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="projects", verbose_name=_("organisation")
    )
    facility = models.ForeignKey(
        Facility,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("facility"),
    )
    region = models.CharField(_("region"), max_length=80, default="Shanghai")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ONGOING)
    start = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    end = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)

    class Meta(NamedRecord.Meta):
        verbose_name = _("project")

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A project cannot end before it starts.")})


class Achievement(Searchable, SourcedRecord):
    """A showcased result: an airliner's first flight, a drug approval, a facility milestone."""

    SEARCH_NAME = ("title_en", "title_zh")
    SEARCH_TEXT = ("detail_en", "detail_zh", "firsts_en", "firsts_zh")

    class Category(models.TextChoices):
        AERONAUTICS = "aeronautics", _("aeronautics")
        ASTRONAUTICS = "astronautics", _("astronautics")
        SHIPBUILDING = "shipbuilding", _("shipbuilding")
        MEDICAL_DEVICE = "medical_device", _("medical device")
        ROBOTICS = "robotics", _("robotics")
        DRUG = "drug", _("innovative drug")
        FACILITY_MILESTONE = "research_facility_milestone", _("research facility milestone")

    title_en = models.CharField(_("title (English)"), max_length=255)
    title_zh = models.CharField(_("title (Simplified Chinese)"), max_length=255, blank=True)
    detail_en = models.TextField(_("detail (English)"), blank=True)
    detail_zh = models.TextField(_("detail (Simplified Chinese)"), blank=True)
    category = models.CharField(_("category"), max_length=40, choices=Category.choices)
    date = models.DateField(_("date"))
    date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    first_kind = models.CharField(
        _("first"), max_length=10, choices=FirstKind.choices, default=FirstKind.NONE
    )
    firsts_en = models.TextField(_("firsts (English)"), blank=True)
    firsts_zh = models.TextField(_("firsts (Simplified Chinese)"), blank=True)
    reported_claim = models.TextField(
        _("claim as reported"),
        blank=True,
        help_text=_("A claim a source made that no other source confirmed."),
    )
    reported_claim_zh = models.TextField(_("claim as reported (Simplified Chinese)"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="achievements", verbose_name=_("organisations")
    )
    facilities = models.ManyToManyField(
        Facility, blank=True, related_name="achievements", verbose_name=_("facilities")
    )
    fields = models.ManyToManyField(Field, blank=True, related_name="achievements", verbose_name=_("fields"))

    class Meta:
        ordering = ["-date", "title_en"]
        verbose_name = _("achievement")
        indexes = [models.Index(fields=["date"]), models.Index(fields=["category"])]

    def __str__(self) -> str:
        return self.title_en

    def get_absolute_url(self) -> str:
        return slug_url("showcase:achievement", self.slug)

    @property
    def title(self) -> str:
        return in_current_language(self, "title")

    @property
    def detail(self) -> str:
        return in_current_language(self, "detail")

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date, self.date_precision)


class Claim(TimeStampedModel):
    """A statement an article made that no independent source confirmed: always shown "as reported"."""

    slug = models.SlugField(max_length=80, unique=True)
    text_en = models.TextField(_("text (English)"))
    text_zh = models.TextField(_("text (Simplified Chinese)"), blank=True)
    reported_in = models.CharField(_("reported in"), max_length=255)
    translation_zh = translation_field()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("claim as reported")
        verbose_name_plural = _("claims as reported")

    def __str__(self) -> str:
        return self.text_en

    @property
    def text(self) -> str:
        return in_current_language(self, "text")


class AttributeLabel(TimeStampedModel):
    """What readers see for an attribute name: a specification (`storage_ring_energy_gev`) or an attribute
    no source confirmed (`completion_date`), in English and Chinese."""

    key = models.SlugField(_("attribute name"), max_length=80, unique=True)
    label_en = models.CharField(_("label (English)"), max_length=255)
    label_zh = models.CharField(_("label (Simplified Chinese)"), max_length=255, blank=True)
    translation_zh = translation_field()

    class Meta:
        ordering = ["key"]
        verbose_name = _("attribute label")

    def __str__(self) -> str:
        return self.label_en

    @property
    def label(self) -> str:
        return in_current_language(self, "label")


class RegistryGeneration(models.Model):
    """One row counting the registry's writes: the public pages' cache keys carry it (registry/pagecache.py),
    so a write makes every page rendered before it unreachable at once, in every server process."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("registry generation")

    def __str__(self) -> str:
        return str(self.value)
