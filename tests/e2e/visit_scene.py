"""A published SSRF experiment whose team has a visit to register: the allocation scene's schedule, SSRF's
radiation-safety course (an example course) required for every SSRF beamline, and the personas sara (SSRF
safety officer) and carol (SSRF facility manager, who enters training records)."""

from __future__ import annotations

from dataclasses import dataclass

from sciencecity.accounts.models import User
from sciencecity.registry.models import Facility
from sciencecity.scheduling.models import Allocation
from sciencecity.visits import services as training
from sciencecity.visits.models import Course
from tests.e2e.allocation_scene import allocation_scene


@dataclass
class VisitScene:
    allocation: Allocation
    pi: User
    course: Course


def visit_scene() -> VisitScene:
    scene = allocation_scene()
    allocation = Allocation.objects.filter(proposal=scene.proposal).select_related("instrument").first()
    assert allocation is not None
    course = training.course_create(
        slug="course-ssrf-radiation-e2e",
        name_en="SSRF radiation safety (example course)",
        name_zh="上海光源辐射安全（示例课程）",
        kind=Course.Kind.RADIATION_SAFETY,
        scope=Course.Scope.FACILITY,
        facility=Facility.objects.get(slug="fac-ssrf"),
        validity_days=365 * 3,
    )
    return VisitScene(allocation, scene.pi, course)
