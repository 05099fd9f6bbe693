"""Claims import like every registry table: keyed by slug, whole files or nothing."""

import tablib

from sciencecity.registry.models import Claim
from sciencecity.registry.resources import ClaimResource, RegistryResource, SlugKeyedResource


def test_a_claims_file_with_one_invalid_row_imports_nothing(db):
    csv = (
        "slug,text_en,text_zh,reported_in\n"
        "claim-a,A statement as reported,,An article (2024)\n"
        "claim-b,Another statement,,\n"  # `reported_in` is required
    )
    result = ClaimResource().import_data(
        tablib.Dataset().load(csv, format="csv"), dry_run=False, raise_errors=False, use_transactions=True
    )
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [2]
    assert not Claim.objects.exists()


def test_claims_and_registry_records_share_one_import_base(db):
    assert issubclass(ClaimResource, SlugKeyedResource)
    assert issubclass(RegistryResource, SlugKeyedResource)
    assert ClaimResource._meta.import_id_fields == ("slug",)
    assert ClaimResource._meta.report_skipped
