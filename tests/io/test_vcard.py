"""Reading vCards as phones and mail programs export them, and writing them back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infointerview.domain.records import PersonRecord
from infointerview.io import text, vcard
from infointerview.io.records import ContactRecord, Problem
from tests.io.people import FIELDS, PEOPLE, person

FIXTURES = Path(__file__).parent.parent / "fixtures" / "vcard"


def read(name: str) -> list[ContactRecord | Problem]:
    path = FIXTURES / name
    return list(vcard.parse(text.decode(path.read_bytes(), name=name)))


def records(items: list[ContactRecord | Problem]) -> list[ContactRecord]:
    return [item for item in items if isinstance(item, ContactRecord)]


def problems(items: list[ContactRecord | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


def only(source: str) -> ContactRecord:
    """Parse one card given as lines joined by CRLF and return its record."""
    items = list(vcard.parse("\r\n".join(["BEGIN:VCARD", source, "END:VCARD", ""])))
    assert len(items) == 1, items
    assert isinstance(items[0], ContactRecord), items
    return items[0]


# Reading: what Apple, Google, Outlook and Android write


def test_grouped_email_is_read_with_its_label_group() -> None:
    (card,) = read("apple_item_groups.vcf")
    assert isinstance(card, ContactRecord)
    assert card.emails[0] == "ada.okafor@northwind.example"
    assert "ada@home.example" in card.emails


def test_emails_are_deduplicated_ignoring_case_keeping_the_first_spelling() -> None:
    (card,) = records(read("apple_item_groups.vcf"))
    assert card.emails == ("ada.okafor@northwind.example", "ada@home.example")


def test_apple_card_gives_name_parts_title_phones_and_place() -> None:
    (card,) = records(read("apple_item_groups.vcf"))
    assert card.full_name == "Dr. Adaeze Okafor"
    assert (card.given_name, card.family_name) == ("Adaeze", "Okafor")
    assert card.title == "Principal Investigator"
    assert card.phones == ("+1 (617) 555-0142", "617-555-0199")
    assert card.location == "Cambridge, MA, United States"
    assert card.line == 1
    assert card.connected_on is None


def test_organization_is_the_first_org_component_without_its_units() -> None:
    (card,) = records(read("apple_item_groups.vcf"))
    assert card.organization == "Northwind Health"


def test_linkedin_address_is_found_among_urls_with_its_escaped_colon_undone() -> None:
    (card,) = records(read("apple_item_groups.vcf"))
    assert card.linkedin_url == "https://www.linkedin.com/in/adaeze-okafor"


def test_outlook_21_quoted_printable_note_keeps_its_line_breaks() -> None:
    (card,) = records(read("outlook_21_quoted_printable.vcf"))
    assert card.note == (
        "Met at the spring fair.\nPrefers mornings; ask about the pilot.\n\nThird paragraph."
    )


def test_quoted_printable_name_is_read_in_its_windows_1252_charset() -> None:
    (card,) = records(read("outlook_21_quoted_printable.vcf"))
    assert card.full_name == "François Bélanger"
    assert (card.given_name, card.family_name) == ("François", "Bélanger")
    assert card.location == "Montréal, QC, Canada"


def test_outlook_21_bare_parameters_and_base64_key_do_not_hide_anything() -> None:
    items = read("outlook_21_quoted_printable.vcf")
    (card,) = records(items)
    assert problems(items) == []
    assert card.phones == ("(514) 555-0110", "(514) 555-0111", "(514) 555-0112")
    assert card.emails == ("francois.belanger@kestrel.example",)


def test_role_is_the_title_when_there_is_no_title() -> None:
    (card,) = records(read("outlook_21_quoted_printable.vcf"))
    assert card.title == "Instructional Designer"


def test_outlook_21_bare_comma_in_the_organization_is_kept() -> None:
    (card,) = records(read("outlook_21_quoted_printable.vcf"))
    assert card.organization == "Kestrel Learning, Inc."


def test_missing_fn_is_made_from_given_additional_and_family_names() -> None:
    card = records(read("android_no_fn.vcf"))[0]
    assert card.full_name == "Élodie Marie 张伟"
    assert (card.given_name, card.family_name) == ("Élodie", "张伟")


def test_soft_line_break_inside_a_multibyte_character_is_joined_before_decoding() -> None:
    card = records(read("android_no_fn.vcf"))[0]
    assert card.family_name == "张伟"


def test_card_without_any_name_is_skipped_with_a_problem_naming_its_email() -> None:
    items = read("android_no_fn.vcf")
    assert problems(items) == [
        Problem(
            9, "card has no name (no FN or N); left out, with its email nobody-named@example.com"
        )
    ]


def test_cards_with_empty_names_are_problems_but_fn_alone_is_a_name() -> None:
    items = read("no_name.vcf")
    assert [(p.line, p.skipped) for p in problems(items)] == [(1, True), (6, True)]
    assert "no.name@example.com" in problems(items)[0].message
    (card,) = records(items)
    assert card.full_name == "Apple Store Boylston"
    assert card.given_name is None
    assert card.family_name is None


def test_huge_folded_photos_and_next_line_base64_are_skipped() -> None:
    items = read("photo_folded.vcf")
    assert problems(items) == []
    assert [card.full_name for card in records(items)] == [
        "Marcus Hill",
        "Omar Haddad",
        "Chloé Martin",
    ]
    assert records(items)[0].emails == ("marcus.hill@example.com",)
    assert records(items)[1].phones == ("+44 20 7946 0958",)


def test_truncated_card_is_a_problem_at_its_begin_line_and_earlier_cards_import() -> None:
    items = read("truncated.vcf")
    assert [card.full_name for card in records(items)] == ["Priya Raman"]
    assert problems(items) == [Problem(6, "card is not finished (no END:VCARD)")]


def test_lf_crlf_and_double_cr_line_ends_can_be_mixed_in_one_file() -> None:
    items = read("crlf_and_lf.vcf")
    assert [(c.line, c.full_name) for c in records(items)] == [
        (1, "Line Feed"),
        (6, "Carriage Return"),
        (14, "Double CR"),
    ]
    assert records(items)[2].emails == ("crcrlf@example.com",)


def test_card_without_end_before_the_next_begin_is_skipped_and_the_rest_import() -> None:
    items = read("many_cards.vcf")
    assert [c.full_name for c in records(items)] == [
        "Maya Chen",
        "Lena Vogel",
        "Kwame Mensah",
        "Sofia Rossi",
    ]
    assert Problem(7, "card is not finished (no END:VCARD)") in items


def test_line_that_is_not_a_property_is_left_out_and_its_card_still_imports() -> None:
    items = read("many_cards.vcf")
    assert Problem(17, "line is not a vCard property (no ':'); left out", skipped=False) in items


def test_text_between_cards_is_one_problem_at_its_first_line() -> None:
    outside = [p for p in problems(read("many_cards.vcf")) if "outside" in p.message]
    assert outside == [Problem(26, "text outside a card; left out", skipped=False)]


def test_file_without_begin_vcard_is_one_problem_at_line_1() -> None:
    assert read("not_a_vcard.vcf") == [Problem(1, "no vCard found (no BEGIN:VCARD line)")]
    assert list(vcard.parse("")) == [Problem(1, "no vCard found (no BEGIN:VCARD line)")]


def test_utf16_file_is_decoded_and_its_rtl_names_read() -> None:
    (card,) = records(read("utf16.vcf"))
    assert card.full_name == "נועה מזרחי"
    assert card.organization == 'חברה בע"מ'


def test_google_escapes_are_undone() -> None:
    (card,) = records(read("google_30.vcf"))
    assert card.full_name == "Tanaka, Hiro"
    assert card.title == "Director, Research & Development"
    assert card.linkedin_url == "http://www.linkedin.com/in/hiro-tanaka"
    assert card.note == (
        'Said "call me Hiro"; likes tea, not coffee.\nSecond line with a backslash: C:\\temp'
    )


def test_location_comes_from_the_first_address_that_names_a_place() -> None:
    (card,) = records(read("google_30.vcf"))
    assert card.location == "Tokyo, Japan"


def test_address_with_only_a_street_gives_no_location() -> None:
    assert only("FN:A B\r\nADR;TYPE=HOME:;;1 Main St\\nApt 4;;;;").location is None


def test_vcard_40_tel_uri_loses_its_scheme_and_keeps_its_extension() -> None:
    (card,) = records(read("vcard_40.vcf"))
    assert card.phones == ("+34-600-123-456", "+34-910-000-000 ext. 204")


def test_quoted_parameter_holding_a_colon_does_not_cut_the_value() -> None:
    (card,) = records(read("vcard_40.vcf"))
    assert card.location == "Madrid, España"


def test_linkedin_social_profile_without_a_scheme_gets_https() -> None:
    (card,) = records(read("vcard_40.vcf"))
    assert card.linkedin_url == "https://linkedin.com/in/anagarcia"


def test_bare_comma_in_a_full_name_is_kept() -> None:
    assert only("VERSION:3.0\r\nFN:Dr John Smith, Jr.").full_name == "Dr John Smith, Jr."


def test_bare_commas_in_name_parts_separate_names() -> None:
    card = only("N:Doe;John;Richter,James;Mr.;Sr.")
    assert card.full_name == "John Richter James Doe"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("javascript:alert(1)//linkedin.com/in/x", None),
        ("https://linkedin.com.evil.example/in/x", None),
        ("ftp://www.linkedin.com/in/x", None),
        ("https://www.linkedin.com/in/x", "https://www.linkedin.com/in/x"),
        ("https://uk.linkedin.com/in/x", "https://uk.linkedin.com/in/x"),
    ],
)
def test_only_http_addresses_on_linkedin_hosts_are_the_linkedin_url(
    value: str, expected: str | None
) -> None:
    assert only(f"FN:A B\r\nURL:{value}").linkedin_url == expected


def test_quoted_printable_without_charset_falls_back_to_windows_1252() -> None:
    card = only("VERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Piotr Iksi=F1ski")
    assert card.full_name == "Piotr Iksiñski"


def test_unknown_charset_is_read_as_utf8() -> None:
    card = only("FN;CHARSET=X-NOT-A-CHARSET;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9")
    assert card.full_name == "José"


def test_weird_values_do_not_crash_and_empty_ones_are_dropped() -> None:
    card = only(
        "FN:  Z  \r\nEMAIL:\r\nEMAIL: not an email \r\nTEL:\r\nTEL:tel:\r\n"
        "ORG:;Dept\r\nTITLE:\r\nNOTE:\r\nURL:\r\nFN;ENCODING=b:!!!"
    )
    assert card.full_name == "Z"
    assert card.emails == ("not an email",)
    assert card.phones == ()
    assert (card.organization, card.title, card.note, card.linkedin_url) == (None,) * 4


def test_base64_encoded_text_value_is_decoded() -> None:
    assert only("FN;ENCODING=b;CHARSET=UTF-8:w4lsb2RpZQ==").full_name == "Élodie"


def test_lowercase_names_and_indented_markers_are_read() -> None:
    items = list(vcard.parse("  begin:vcard\nversion:3.0\nfn:Low Case\n\n end:vcard\n"))
    assert [getattr(item, "full_name", item) for item in items] == ["Low Case"]


# Writing


def test_dump_writes_crlf_lines_folded_at_75_octets() -> None:
    long_title = "Directeur général adjoint 😀 中文 " * 6
    out = vcard.dump([person(title=long_title.strip())])
    assert out.endswith("\r\n")
    lines = out.split("\r\n")[:-1]
    assert "\n" not in out.replace("\r\n", "")
    assert max(len(line.encode()) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)


def test_short_line_of_wide_characters_is_folded_by_octets_not_characters() -> None:
    out = vcard.dump([person(title="中文" * 15)])
    assert "TITLE:" + "中文" * 11 + "中\r\n " + "文" + "中文" * 3 + "\r\n" in out


def test_dump_escapes_commas_semicolons_and_backslashes() -> None:
    out = vcard.dump([person(full_name="Smith, Jr.; \\o/", given_name="A;B", family_name="C,D")])
    assert "FN:Smith\\, Jr.\\; \\\\o/\r\n" in out
    assert "N:C\\,D;A\\;B;;;\r\n" in out


def test_dump_puts_the_location_in_the_address_locality() -> None:
    out = vcard.dump([person(location="Boston, MA")])
    assert "ADR:;;;Boston\\, MA;;;\r\n" in out


def test_dump_3_0_always_has_n_and_version_first() -> None:
    out = vcard.dump([person(given_name=None, family_name=None)])
    assert out.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert "N:;;;;\r\n" in out


def test_dump_4_0_has_version_4_no_charset_and_no_empty_n() -> None:
    out = vcard.dump(
        [person(given_name=None, family_name=None, phones=("+1 (555) 123-4567",))],
        version="4.0",
    )
    assert out.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert "CHARSET" not in out.upper()
    assert "\r\nN:" not in out
    assert "TEL:+1 (555) 123-4567\r\n" in out


def test_dump_writes_tags_as_categories_and_leaves_out_empty_fields() -> None:
    out = vcard.dump([person(tags=("alumni", "ux"))])
    assert "CATEGORIES:alumni,ux\r\n" in out
    for name in ("ORG", "TITLE", "ADR", "EMAIL", "TEL", "URL"):
        assert f"\r\n{name}" not in out


def test_dump_refuses_other_versions() -> None:
    with pytest.raises(ValueError, match="2.1"):
        vcard.dump([person()], version="2.1")


def test_dump_of_nobody_is_empty() -> None:
    assert vcard.dump([]) == ""


@pytest.mark.parametrize("version", vcard.VERSIONS)
def test_value_folded_so_a_line_reads_end_vcard_still_round_trips(version: str) -> None:
    titles = ["x" * n + " END:VCARD" for n in range(60, 140)]
    out = vcard.dump([person(id=n, title=title) for n, title in enumerate(titles)], version=version)
    assert "\r\n END:VCARD\r\n" in out
    assert [card.title for card in records(list(vcard.parse(out)))] == titles


# Round trip


@settings(max_examples=100, deadline=None)
@given(people=st.lists(PEOPLE, min_size=1, max_size=3), version=st.sampled_from(vcard.VERSIONS))
def test_people_dumped_and_parsed_come_back_as_they_were(
    people: list[PersonRecord], version: str
) -> None:
    out = vcard.dump(people, version=version)
    assert max(len(line.encode()) for line in out.split("\r\n")) <= 75
    parsed = list(vcard.parse(out))
    assert all(isinstance(item, ContactRecord) for item in parsed), parsed
    for before, after in zip(people, parsed, strict=True):
        for field in FIELDS:
            assert getattr(after, field) == getattr(before, field), field


def test_a_hostile_charset_is_read_as_utf_8_instead() -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "FN;CHARSET=punycode;ENCODING=QUOTED-PRINTABLE:xn--999999999\r\nEND:VCARD\r\n"
    )
    [record] = list(vcard.parse(card))
    assert isinstance(record, ContactRecord)
    assert record.full_name == "xn--999999999"
