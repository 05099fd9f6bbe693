"""A call with several panels: a proposal goes to the first panel listing its field, else the first panel."""

from sciencecity.proposals import services as proposals
from sciencecity.registry import services as registry
from sciencecity.review.models import Panel
from sciencecity.review.selectors import proposals_for_panel
from sciencecity.review.tests.conftest import complete_draft

SRC = "https://example.org/source"


def test_each_proposal_goes_to_exactly_one_panel(call, pi, field, beamlines, facility, panel):
    chemistry = registry.field_upsert(slug="field-chem", name_en="Chemistry", source=SRC).record
    physics = registry.field_upsert(slug="field-phys", name_en="Physics", source=SRC).record
    second = Panel.objects.create(facility=facility, name_en="Chemistry")
    second.fields.set([chemistry, field])  # biology is listed by the first panel too: the first one wins
    second.calls.add(call)
    made = {}
    for name, f in (("bio", field), ("chem", chemistry), ("phys", physics)):
        draft = complete_draft(call, pi, f, beamlines)
        made[name] = proposals.proposal_submit(actor=pi, proposal=draft).pk
    assert set(proposals_for_panel(panel, call).values_list("pk", flat=True)) == {made["bio"], made["phys"]}
    assert set(proposals_for_panel(second, call).values_list("pk", flat=True)) == {made["chem"]}


def test_drafts_and_calls_the_panel_does_not_serve_are_left_out(call, draft, facility):
    lonely = Panel.objects.create(facility=facility, name_en="No call")
    assert not proposals_for_panel(lonely, call).exists()
    serving = Panel.objects.create(facility=facility, name_en="Serving")
    serving.calls.add(call)
    assert not proposals_for_panel(serving, call).exists()  # the only proposal is a draft
