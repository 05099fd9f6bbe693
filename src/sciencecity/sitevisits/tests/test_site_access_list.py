"""The daily site-access list: approved visitors on site that day, as a printable page and as CSV, for the
facility's safety officer, user office and facility manager only."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from sciencecity.sitevisits import selectors, services
from sciencecity.sitevisits.tests.conftest import END, START, Experiment

DAY = dt.date(2027, 3, 11)  # the team is on site from 10 March 06:00 to 12 March 10:00 (Shanghai)


def _url(experiment: Experiment, day: dt.date = DAY, as_csv: bool = False) -> str:
    name = "site-access.csv" if as_csv else "site-access/"
    return f"/site-visits/facilities/{experiment.facility.slug}/{name}?day={day.isoformat()}"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_approved_on_site_visitors_are_listed_on_each_day_of_their_stay(experiment: Experiment):
    experiment.approved(experiment.pi)
    rows = selectors.site_access(experiment.facility, DAY)
    assert [(r.visitor.user, r.allocation, r.training_ok) for r in rows] == [
        (experiment.pi, experiment.allocation, True)
    ]
    listed = {d: bool(selectors.site_access(experiment.facility, dt.date(2027, 3, d))) for d in range(9, 14)}
    assert listed == {9: False, 10: True, 11: True, 12: True, 13: False}


def test_remote_members_and_visits_not_yet_approved_are_not_listed(experiment: Experiment):
    visit = experiment.ready(experiment.pi)
    services.visitor_register(
        actor=experiment.pi, visit=visit, user=experiment.co, arrives_at=START, departs_at=END, on_site=False
    )
    services.visit_submit(actor=experiment.pi, visit=visit)
    assert selectors.site_access(experiment.facility, DAY) == []
    experiment.train(experiment.pi)
    services.visit_approve(actor=experiment.officer, visit=visit)
    assert [r.visitor.user for r in selectors.site_access(experiment.facility, DAY)] == [experiment.pi]
    assert selectors.site_access(experiment.other_facility, DAY) == []


def test_training_that_lapsed_after_approval_shows_on_the_list(experiment: Experiment):
    experiment.approved(experiment.pi)
    experiment.pi.training_records.update(expires_at=START)
    [row] = selectors.site_access(experiment.facility, DAY)
    assert not row.training_ok and [c.slug for c in row.missing] == ["ls-radiation"]


@pytest.mark.parametrize("who", ["officer", "office", "manager"])
def test_the_facilitys_officers_read_the_printable_list(experiment: Experiment, who: str):
    experiment.approved(experiment.pi)
    response = _client(getattr(experiment, who)).get(_url(experiment))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-user="pia"' in page and "LS-2027-001" in page and "A University" in page
    assert "data-print" in page and "sitevisits.css" in page


def test_the_list_is_in_chinese_for_a_chinese_reader(experiment: Experiment):
    experiment.approved(experiment.pi)
    response = _client(experiment.officer).get(_url(experiment), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "入场名单" in response.content.decode()


def test_the_csv_has_a_row_per_visitor_with_iso_times_in_the_facilitys_zone(experiment: Experiment):
    experiment.approved(experiment.pi)
    response = _client(experiment.officer).get(_url(experiment, as_csv=True))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "site-access-fac-light-2027-03-11.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        {
            "name": "Pia",
            "username": "pia",
            "organisation": "A University",
            "proposal": "LS-2027-001",
            "instrument": "BL01",
            "arrival": "2027-03-10T06:00:00+08:00",
            "departure": "2027-03-12T10:00:00+08:00",
            "training_ok": "yes",
            "missing_courses": "",
        }
    ]


@pytest.mark.parametrize("who", ["pi", "scientist", "other_officer", "stranger"])
@pytest.mark.parametrize("as_csv", [False, True])
def test_nobody_else_reads_the_list(experiment: Experiment, who: str, as_csv: bool):
    experiment.approved(experiment.pi)
    assert _client(getattr(experiment, who)).get(_url(experiment, as_csv=as_csv)).status_code == 404


def test_an_anonymous_reader_is_sent_to_log_in(experiment: Experiment):
    response = Client().get(_url(experiment))
    assert response.status_code == 302 and "/login/" in response["Location"]
