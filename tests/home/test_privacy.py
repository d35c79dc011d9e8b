"""ID numbers: validation, 15->18, masking, keyed hashing, minors."""

from datetime import date

import pytest

from cms.home.privacy import (
    InvalidIdNumber,
    age_on,
    check_character,
    hash_id_number,
    mask_id_number,
    normalize,
    open_sealed_date,
    parse_id_number,
    seal_date,
    upgrade_15_to_18,
)

# Published specimen numbers with known check characters (GB 11643 examples and
# numbers computed by hand from the weights), not real people.
VALID = ["11010519491231002X", "440524188001010014", "441702199003071264", "44170219900307123X"]


@pytest.mark.parametrize("number", VALID)
def test_valid_numbers_pass(number):
    assert parse_id_number(number).value == number


@pytest.mark.parametrize(
    "raw, message",
    [
        ("110105194912310021", "校验位不正确"),
        ("11010519491231002", "应为18位"),
        ("1101051949123100211", "应为18位"),
        ("110105194913310021", "出生日期无效"),
        ("11010519490230002X"[:17] + check_character("11010519490230002"), "出生日期无效"),
        ("A1010519491231002X", "前17位应为数字"),
        # Arabic-Indic digits pass str.isdigit() and int(), but are no ID number's digits
        ("\u0661\u06611010519491231002X", "前17位应为数字"),
        ("", "请填写"),
        ("11010549123100A", "全部为数字"),
        ("910105194912310021"[:17] + check_character("91010519491231002"), "地址码无效"),
    ],
)
def test_invalid_numbers_are_refused_in_chinese(raw, message):
    with pytest.raises(InvalidIdNumber) as excinfo:
        parse_id_number(raw)
    assert message in excinfo.value.message


def test_future_birth_date_refused():
    body = "44170220300101123"
    with pytest.raises(InvalidIdNumber):
        parse_id_number(body + check_character(body), today=date(2026, 11, 26))


def test_check_character_examples():
    assert check_character("11010519491231002") == "X"
    assert check_character("44052418800101001") == "4"


def test_fifteen_digit_numbers_are_upgraded():
    assert upgrade_15_to_18("110105491231002") == "11010519491231002X"
    parsed = parse_id_number("110105491231002")
    assert parsed.value == "11010519491231002X"
    assert parsed.birth_date == date(1949, 12, 31)


def test_normalisation_of_fullwidth_spaces_and_lowercase_x():
    assert normalize("１１０１０５ １９４９１２３１００２ｘ") == "11010519491231002X"
    assert parse_id_number(" 110105 19491231 002x ").value == "11010519491231002X"


def test_masking_keeps_first_six_and_last_four():
    assert mask_id_number("44170219900307123X") == "441702********123X"
    assert parse_id_number("44170219900307123X").masked == "441702********123X"


def test_repr_never_shows_the_number():
    parsed = parse_id_number("44170219900307123X")
    assert "19900307" not in repr(parsed) and "19900307" not in str(parsed)


def test_keyed_hash_is_stable_keyed_and_matches_15_and_18(settings):
    settings.ID_HASH_KEY = "key-one"
    first = parse_id_number("110105491231002").keyed_hash
    assert first == parse_id_number("11010519491231002X").keyed_hash
    assert len(first) == 64 and "1949" not in first
    assert hash_id_number("11010519491231002X", key="key-two") != first


def test_age_and_minors():
    parsed = parse_id_number("44170220080307123" + check_character("44170220080307123"))
    assert parsed.is_minor_on(date(2026, 3, 6))
    assert not parsed.is_minor_on(date(2026, 3, 7))  # 18th birthday
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_sealed_dates_open_with_their_key_only_and_never_show_the_date(settings):
    settings.ID_HASH_KEY = "key-one-" + "k" * 32
    day = date(2008, 3, 7)
    sealed = seal_date(day)
    assert "2008" not in sealed and sealed != seal_date(day)  # a fresh nonce each time
    assert open_sealed_date(sealed) == day
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    assert open_sealed_date(tampered) is None
    settings.ID_HASH_KEY = "key-two-" + "k" * 32
    assert open_sealed_date(sealed) is None


def test_dates_sealed_with_the_earlier_scheme_still_open(settings):
    """Entries stored before sealing moved to AES-GCM keep their Fernet token."""
    from cms.home.privacy import _fernet

    settings.ID_HASH_KEY = "key-one-" + "k" * 32
    earlier = _fernet().encrypt(b"2008-03-07").decode("ascii")
    assert open_sealed_date(earlier) == date(2008, 3, 7)
    settings.ID_HASH_KEY = "key-two-" + "k" * 32
    assert open_sealed_date(earlier) is None
