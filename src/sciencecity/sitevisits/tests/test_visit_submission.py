"""A visit is submitted only when it names who comes, its samples and a complete safety form."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sciencecity.sitevisits import services
from sciencecity.sitevisits.models import Visit
from sciencecity.sitevisits.tests.conftest import Experiment


def test_an_empty_visit_lists_every_missing_part(experiment: Experiment):
    visit = experiment.open()
    with pytest.raises(ValidationError) as refused:
        services.visit_submit(actor=experiment.pi, visit=visit)
    problems = " ".join(refused.value.messages)
    for words in ("Register at least one person", "Acknowledge the hazards", "handled", "waste", "emergency"):
        assert words in problems
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.DRAFT


def test_handling_and_waste_are_asked_only_for_hazardous_samples(experiment: Experiment):
    visit = experiment.ready()
    visit = services.safety_form_save(actor=experiment.pi, visit=visit, handling="", waste="")
    assert len(services.visit_problems(visit)) == 2
    visit.samples.update(hazard="none")
    assert services.visit_problems(visit) == []


def test_a_complete_visit_is_submitted_and_audited(experiment: Experiment):
    visit = experiment.submitted()
    assert visit.status == Visit.Status.SUBMITTED and visit.submitted_at is not None
    with pytest.raises(Exception, match="can no longer be changed"):
        services.visit_submit(actor=experiment.pi, visit=visit)
