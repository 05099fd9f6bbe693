"""The panel sheet downloads as XLSX and CSV with the ranking's figures, and reads back as written."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from sciencecity.review.panel_sheet import cells


def download(client, scenario, kind):
    client.force_login(scenario.chair)
    return client.get(reverse(f"ranking:sheet-{kind}", args=[scenario.call.pk, scenario.panel.pk]))


def test_the_xlsx_sheet_reads_back_with_scores_spread_verdicts_and_shifts(client, scenario):
    response = download(client, scenario, "xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Rank", "Reference", "Title", "Status", "Mean score")
    b = rows[2]
    assert b[0] == 2 and b[1] == scenario.proposals["B"].reference
    assert (b[4], b[5], b[6], b[7], b[8], b[9]) == (3.0, -0.333, 2, 4, 0.816, 3)
    assert b[10] == "Reviewer 1: 3; Reviewer 2: 4; Reviewer 3: 2"
    assert b[11] == "BL01: feasible" and (b[12], b[13]) == (12, None)


def test_the_csv_sheet_reads_back_with_the_same_rows(client, scenario):
    response = download(client, scenario, "csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[1] for r in rows[1:]] == [scenario.proposals[n].reference for n in "ABC"]
    assert rows[1][4:10] == ["4.5", "0.612", "4", "5", "0.5", "2"]


def test_a_title_that_looks_like_a_formula_is_defused(scenario):
    from sciencecity.review.ranking import ranking

    row = ranking(scenario.call)[0]
    row.proposal.title = "=HYPERLINK(1)"
    assert cells(row)[2] == "'=HYPERLINK(1)"
