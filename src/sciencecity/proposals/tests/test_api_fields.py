"""GET /api/fields: the fields of science a proposal names, by slug, in English and Chinese."""

from sciencecity.registry import services as registry


def test_anyone_lists_the_fields_of_science_by_slug_with_both_names(client, db):
    registry.field_upsert(
        slug="field-bio", name_en="Structural biology", name_zh="结构生物学", source="https://example.org/s"
    )
    registry.field_upsert(slug="field-ai", name_en="Artificial intelligence", source="https://example.org/s")
    response = client.get("/api/fields")
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {"slug": "field-ai", "name_en": "Artificial intelligence", "name_zh": ""},
            {"slug": "field-bio", "name_en": "Structural biology", "name_zh": "结构生物学"},
        ],
        "count": 2,
    }
