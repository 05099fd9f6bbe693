import json

import pytest

from sciencecity.review.publications import Author, PublicationFileError, coauthored, name_key, parse

BIBTEX = r"""
@article{zhang2023,
  title = {Serial crystallography at a hard X-ray laser},
  author = {Zhang, Wei and M{\"u}ller, Hans and Silva, Ana},
  year = {2023},
  doi = {10.1000/xyz}
}
@inproceedings{old2015,
  title = {An older paper},
  author = {Zhang, Wei and Costa, Jo{\~a}o},
  year = 2015
}
"""

CSL = [
    {
        "title": "Operando catalysis",
        "issued": {"date-parts": [[2024, 3]]},
        "author": [
            {"family": "Silva", "given": "Ana", "ORCID": "https://orcid.org/0000-0002-1825-0097"},
            {"family": "Li", "given": "Na"},
        ],
        "DOI": "10.1000/abc",
    }
]


def test_bibtex_entries_become_publications_with_folded_author_keys():
    pubs = parse(BIBTEX)
    assert [(p.year, p.doi) for p in pubs] == [(2023, "10.1000/xyz"), (2015, "")]
    assert [a.key for a in pubs[0].authors] == ["zhang w", "muller h", "silva a"]
    assert [a.key for a in pubs[1].authors] == ["zhang w", "costa j"]


def test_csl_json_keeps_orcid_ids():
    (pub,) = parse(json.dumps(CSL), "mine.json")
    assert pub.authors[0] == Author("silva a", "0000-0002-1825-0097")
    assert pub.year == 2024


def test_co_authors_are_found_within_the_window_by_name_or_orcid():
    pubs = parse(BIBTEX)
    assert [p.year for p in coauthored(pubs, [Author(name_key("Costa", "João"))], since_year=2021)] == []
    assert [p.year for p in coauthored(pubs, [Author(name_key("Costa", "Joao"))], since_year=2014)] == [2015]
    by_orcid = coauthored(
        parse(json.dumps(CSL)), [Author("nobody x", "0000-0002-1825-0097")], since_year=2021
    )
    assert len(by_orcid) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[{", "not valid JSON"),
        (json.dumps([{"title": "no year", "author": []}]), "no year"),
        ("@article{x, title={T}, author={A, B}}", "has no year"),
        ("just some words", "no BibTeX entry"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_that_says_why(text, message):
    with pytest.raises(PublicationFileError, match=message):
        parse(text)
