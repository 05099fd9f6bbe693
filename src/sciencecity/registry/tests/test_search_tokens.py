"""One normalisation for both engines: English words stemmed, Chinese cut into overlapping bigrams."""

from sciencecity.registry.search import Term, document, postgres_query, query_terms, sqlite_query, tokens


def test_chinese_is_cut_into_overlapping_bigrams_and_its_last_character():
    assert tokens("核磁共振") == ["核磁", "磁共", "共振", "振"]


def test_english_words_are_lower_cased_stemmed_and_stripped_of_accents():
    assert tokens("Synchrotrons", "Ångström radiation") == ["synchrotron", "angstrom", "radiat"]


def test_codes_of_letters_and_digits_stay_one_token():
    assert tokens("BL19U2 cryo-EM") == ["bl19u2", "cryo", "em"]


def test_a_two_character_query_is_one_bigram_and_one_character_a_prefix():
    assert query_terms("核磁") == [Term("核磁")]
    assert query_terms("核") == [Term("核", prefix=True)]


def test_the_last_english_word_is_a_prefix_so_search_works_as_you_type():
    assert query_terms("synchrotron radi") == [Term("synchrotron"), Term("radi", prefix=True)]


def test_queries_hold_only_word_characters_whatever_was_typed():
    terms = query_terms("x' OR 1=1 -- \"; DROP")
    assert all(t.token.isalnum() for t in terms)
    assert postgres_query(terms) == " & ".join(f"'{t.token}'" + (":*" if t.prefix else "") for t in terms)
    assert sqlite_query(terms).count('"') == 2 * len(terms)


def test_a_document_is_its_tokens_once_each():
    assert document("laser laser", "激光激光") == "laser 激光 光激 光"
