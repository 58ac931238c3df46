from hypothesis import given
from hypothesis import strategies as st

from marketplace.organizations.credit_code import ALPHABET, check_character, credit_code_problem


def test_published_example_code_is_valid() -> None:
    # Example code printed in GB 32100-2015 explanatory material.
    assert credit_code_problem("91350100M000100Y43") is None


def test_lowercase_is_accepted() -> None:
    assert credit_code_problem("91350100m000100y43") is None


def test_wrong_check_character_is_named() -> None:
    assert "Check character" in credit_code_problem("91350100M000100Y44")


def test_wrong_length_is_named() -> None:
    assert "18 characters" in credit_code_problem("91350100M000100Y4")


def test_letters_outside_the_alphabet_are_named() -> None:
    assert "I" in credit_code_problem("9135010IM000100Y43")


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_any_body_with_its_check_character_is_valid(body: str) -> None:
    assert credit_code_problem(body + check_character(body)) is None


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17), st.sampled_from(ALPHABET))
def test_any_other_check_character_is_refused(body: str, char: str) -> None:
    if char != check_character(body):
        assert credit_code_problem(body + char) is not None
