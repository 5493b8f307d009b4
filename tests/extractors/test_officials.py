"""Officials: each construction on sentences written for these tests, and the seed article."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.normalize import normalize_text
from extractors.officials import find_officials


def _by_name(text: str) -> dict[str, object]:
    return {o.name: o for o in find_officials(text)}


def _check_spans(text: str) -> None:
    for o in find_officials(text):
        assert text[o.start : o.end] == o.evidence
        assert o.rule


def test_honorific_name_then_title_and_organisation() -> None:
    text = "Phát biểu tại buổi lễ, đồng chí Lâm Quốc Hưng, Bí thư Huyện ủy Tân Biên nhấn mạnh vai trò của chi bộ."
    [o] = find_officials(text)
    assert (o.name, o.title, o.organization, o.honorific) == (
        "Lâm Quốc Hưng",
        "Bí thư",
        "Huyện ủy Tân Biên",
        "đồng chí",
    )
    assert o.evidence == "đồng chí Lâm Quốc Hưng, Bí thư Huyện ủy Tân Biên"


def test_title_first_then_name() -> None:
    [o] = find_officials("Phó Bí thư Tỉnh ủy Nguyễn Thị Mai Lan phát biểu chỉ đạo hội nghị.")
    assert (o.name, o.title, o.organization, o.honorific) == ("Nguyễn Thị Mai Lan", "Phó Bí thư", "Tỉnh ủy", None)


def test_title_first_splits_place_from_name() -> None:
    [o] = find_officials("Chủ tịch UBND phường Lê Lợi Trần Quốc Toàn cho biết kết quả.")
    assert (o.name, o.organization) == ("Trần Quốc Toàn", "UBND phường Lê Lợi")


def test_compound_position_keeps_every_part() -> None:
    text = "Dự có ông Lê Văn Hùng, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy Long An."
    [o] = find_officials(text)
    assert o.title == "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức"
    assert o.organization == "Tỉnh ủy Long An"
    assert o.honorific == "ông"


def test_former_official() -> None:
    [o] = find_officials("Bà Đỗ Thu Vân, nguyên Chủ tịch HĐND tỉnh, xúc động nhận Huy hiệu.")
    assert (o.name, o.title, o.organization, o.honorific) == ("Đỗ Thu Vân", "nguyên Chủ tịch", "HĐND tỉnh", "bà")


def test_former_official_with_nguyen_la() -> None:
    [o] = find_officials("Trước khi nghỉ hưu, ông Bùi Văn Sáu nguyên là Trưởng Công an xã Tân Hòa.")
    assert (o.title, o.organization) == ("nguyên Trưởng Công an", "xã Tân Hòa")


def test_elected_to_a_position() -> None:
    [o] = find_officials("Đồng chí Hồ Văn Năm được Đại hội tín nhiệm bầu làm Bí thư Đảng ủy phường nhiệm kỳ mới.")
    assert (o.name, o.title, o.organization) == ("Hồ Văn Năm", "Bí thư", "Đảng ủy phường")


def test_list_with_semicolons_and_va() -> None:
    text = (
        "Tham dự có các đồng chí: Phan Văn Tài, Phó Chủ tịch UBND huyện; Võ Minh Khoa, Chủ tịch Ủy ban MTTQ"
        " huyện và Huỳnh Thị Bé, Chủ tịch Hội LHPN huyện."
    )
    got = _by_name(text)
    assert set(got) == {"Phan Văn Tài", "Võ Minh Khoa", "Huỳnh Thị Bé"}
    assert got["Võ Minh Khoa"].organization == "Ủy ban MTTQ huyện"
    assert got["Huỳnh Thị Bé"].title == "Chủ tịch"
    assert got["Huỳnh Thị Bé"].organization == "Hội LHPN huyện"
    _check_spans(text)


def test_dash_separator_and_abbreviations() -> None:
    text = "Đ/c Phạm Ngọc Ánh – BTV Huyện ủy, Chủ tịch UBND huyện Châu Thành phát biểu."
    [o] = find_officials(text)
    assert o.name == "Phạm Ngọc Ánh"
    assert o.honorific == "đồng chí"
    assert o.title == "BTV Huyện ủy, Chủ tịch"
    assert o.organization == "UBND huyện Châu Thành"


def test_once_per_article_with_fullest_title() -> None:
    text = (
        "Đồng chí Nguyễn Văn Bảy, Bí thư Huyện ủy nhấn mạnh nhiệm vụ.\n\n"
        "Sau đó, đồng chí Nguyễn Văn Bảy, Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Huyện ủy Gò Dầu trao quà."
    )
    [o] = find_officials(text)
    assert o.title == "Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư"
    assert o.organization == "Huyện ủy Gò Dầu"
    assert text[o.start : o.end] == o.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Buổi lễ diễn ra tại hội trường trên đường Nguyễn Huệ, phường Lê Lợi.",  # streets and wards
        "Ban Thường vụ Thị ủy Bến Cát đã tặng quà cho ông Nguyễn Văn Tư.",  # organisation; recipient
        "Tin, ảnh: Nguyễn Hoàng Anh",  # byline
        "Ảnh: Trần Minh Đức",  # photographer
        "nhân kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh kính yêu",  # historical figure, not an official
        "Huy hiệu 40 năm tuổi Đảng được trao cho đảng viên Lương Văn Sáu (sinh năm 1955).",  # recipient
        "Xã đã có 6 đồng chí hiện là Trưởng thôn.",  # no name
        "Hội nghị do Ban Chấp hành Đảng bộ huyện Hóc Môn tổ chức.",  # organisation only
    ],
)
def test_not_officials(text: str) -> None:
    assert find_officials(text) == []


def test_place_run_after_committee_is_not_a_name() -> None:
    assert find_officials("Bí thư Xã ủy Hồ Tràm nhấn mạnh nhiệm vụ năm tới.") == []


def test_seed_article(shared_dir) -> None:
    art = json.loads((shared_dir / "eval" / "dev" / "seed-bencat.json").read_text(encoding="utf-8"))
    text = normalize_text(art["text"])
    got = find_officials(text)
    assert [o.name for o in got] == ["Bùi Minh Thạnh", "Trần Đỗ Hoài Bảo"]
    thanh, bao = got
    assert (thanh.title, thanh.organization) == ("Bí thư", "Thị ủy Bến Cát")
    assert bao.title == "Bí thư"
    assert bao.organization.startswith("Chi bộ Công ty CPSX TM HE VE")
    for o in got:
        assert text[o.start : o.end] == o.evidence


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ĐđôngchíBíthưTỉnhủyNguyễnVănA ,;:–-()\n\t.ÔôàÀ0123")), max_size=120))
def test_never_raises(text: str) -> None:
    for o in find_officials(text):
        assert text[o.start : o.end] == o.evidence


def test_non_string_input_gives_nothing() -> None:
    assert find_officials("") == []
    assert find_officials(None) == []  # type: ignore[arg-type]


def test_school_named_after_a_person_is_not_an_official() -> None:
    assert find_officials("Bí thư Chi bộ Trường THPT Lê Quý Đôn phát biểu.") == []


def test_given_name_that_is_also_an_organisation_word() -> None:
    [o] = find_officials("Đồng chí Phan Văn Trường, Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh dự lễ.")
    assert (o.name, o.title, o.organization) == ("Phan Văn Trường", "Bí thư Tỉnh ủy, Chủ tịch", "HĐND tỉnh")


# --- token pass: names and orders the character rules cannot read -------------------------

_TOKEN_CASES = [
    (
        "Đồng chí K' Brơi, Phó Chủ tịch UBND huyện Đam Rông cho biết, xã có 12 thôn.",
        ("K' Brơi", "Phó Chủ tịch", "UBND huyện Đam Rông", "đồng chí"),
    ),
    (
        "Tham dự có ông Chen Wen-Hsiung, Giám đốc Công ty TNHH Hòa Thịnh.",
        ("Chen Wen-Hsiung", "Giám đốc", "Công ty TNHH Hòa Thịnh", "ông"),
    ),
    (
        "Trưởng thôn Nà Lốc, xã Bằng Thành, ông Hoàng Văn Khìn cho biết thôn có 57 hộ.",
        ("Hoàng Văn Khìn", "Trưởng thôn", "Nà Lốc", "ông"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), _TOKEN_CASES)
def test_token_pass_reads_what_characters_cannot(text: str, expected: tuple) -> None:
    [o] = find_officials(text)
    assert (o.name, o.title, o.organization, o.honorific) == expected
    assert o.rule.startswith("official.tokens.")
    assert text[o.start : o.end] == o.evidence


@pytest.mark.parametrize(("text", "expected"), _TOKEN_CASES)
def test_without_the_token_pass_these_are_lost(text: str, expected: tuple, monkeypatch) -> None:
    import extractors.officials as officials

    monkeypatch.setattr(officials, "token_officials", lambda *a: [])
    assert expected[0] not in {o.name for o in officials.find_officials(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Bí thư Tỉnh ủy phát biểu, ông Nguyễn Văn Tư lắng nghe.",  # a verb between position and person
        "Ông Hai, bà Ba cùng 14 hộ trong thôn góp đất làm đường.",  # one-syllable names, no position
        "Bà con thôn Đông, Chủ tịch Hội Nông dân cùng dự.",  # "bà con" is not an introducer
    ],
)
def test_token_pass_stays_quiet_without_a_person_with_a_position(text: str) -> None:
    assert [o for o in find_officials(text) if o.rule.startswith("official.tokens.")] == []


def test_token_pass_leaves_names_the_character_rules_found() -> None:
    text = "Đồng chí Trần Văn Hai, Bí thư Đảng ủy xã An Phú dự và trao 3 Huy hiệu."
    [o] = find_officials(text)
    assert o.rule == "official.honorific_name_title"


# --- constructions added after the g2 held-out measurement ----------------------------------


def _roles(text: str) -> dict[str, tuple[str | None, str | None]]:
    return {o.name: (o.title, o.organization) for o in find_officials(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tại buổi lễ, đồng chí Hứa Văn Thành, 85 tuổi, nguyên Phó Trưởng Ban Tổ chức Huyện ủy Đức Trọng,"
            " chia sẻ kỷ niệm.",
            ("Hứa Văn Thành", "nguyên Phó Trưởng Ban Tổ chức", "Huyện ủy Đức Trọng"),
        ),
        (
            "Bà Mai Thị Lụa, 79 tuổi, ở ấp Bình Thạnh, xã Tân Phú Đông, nguyên Chủ tịch Hội LHPN xã, đọc thư cảm ơn.",
            ("Mai Thị Lụa", "nguyên Chủ tịch", "Hội LHPN xã"),
        ),
        (
            "Ông Quách Đình Lộc, sinh năm 1950, trú tại tổ dân phố 7, nguyên Chánh Thanh tra tỉnh Hòa Bình, phát biểu.",
            ("Quách Đình Lộc", "nguyên Chánh Thanh tra", "tỉnh Hòa Bình"),
        ),
    ],
)
def test_age_and_address_between_name_and_position(text: str, expected: tuple) -> None:
    [o] = find_officials(text)
    assert (o.name, o.title, o.organization) == expected
    assert text[o.start : o.end] == o.evidence


def test_age_and_address_without_a_position_is_no_official() -> None:
    assert find_officials("Đồng chí Tạ Văn Cường, 90 tuổi, ở xóm Đông, xúc động phát biểu.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Giám đốc Sở Tài nguyên và Môi trường Lê Thị Thu Hằng cho biết tiến độ cấp giấy.",
            ("Lê Thị Thu Hằng", "Giám đốc", "Sở Tài nguyên và Môi trường"),
        ),
        (
            "Theo Phó Giám đốc Sở Lao động - Thương binh và Xã hội Trịnh Văn Khoa, tỉnh đã chi trả đủ.",
            ("Trịnh Văn Khoa", "Phó Giám đốc", "Sở Lao động - Thương binh và Xã hội"),
        ),
        (
            "Cục trưởng Cục Thống kê tỉnh Phan Quốc Bảo công bố số liệu quý III.",
            ("Phan Quốc Bảo", "Cục trưởng", "Cục Thống kê tỉnh"),
        ),
    ],
)
def test_title_first_department_head(text: str, expected: tuple) -> None:
    [o] = find_officials(text)
    assert (o.name, o.title, o.organization) == expected


def test_ward_named_after_a_person_stays_a_place() -> None:
    assert find_officials("Chủ tịch UBND phường Trần Hưng Đạo phát biểu tại hội nghị.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chủ tịch UBND huyện Bắc Hà Giàng Seo Vần kiểm tra mô hình trồng chè.",
            ("Giàng Seo Vần", "Chủ tịch", "UBND huyện Bắc Hà"),
        ),
        (
            "Sùng A Páo, Chủ tịch UBND xã Sín Chéng, báo cáo kết quả giảm nghèo.",
            ("Sùng A Páo", "Chủ tịch", "UBND xã Sín Chéng"),
        ),
        (
            "Phó Bí thư Huyện ủy Tủa Chùa Lường Thị Mai trao quyết định.",
            ("Lường Thị Mai", "Phó Bí thư", "Huyện ủy Tủa Chùa"),
        ),
    ],
)
def test_ethnic_minority_surnames(text: str, expected: tuple) -> None:
    [o] = find_officials(text)
    assert (o.name, o.title, o.organization) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Đồng chí Kha Văn Tám tái đắc cử Chủ tịch Hội Nông dân huyện nhiệm kỳ 2023-2028.",
            ("Kha Văn Tám", "Chủ tịch", "Hội Nông dân huyện"),
        ),
        (
            "Ông Lại Quốc Khánh đắc cử Bí thư Chi bộ ấp Phú Lợi với số phiếu tuyệt đối.",
            ("Lại Quốc Khánh", "Bí thư", "Chi bộ ấp Phú Lợi"),
        ),
        (
            "Bà Doãn Thị Hảo được bầu lại Chủ tịch Ủy ban MTTQ thị trấn sau khi kiện toàn.",
            ("Doãn Thị Hảo", "Chủ tịch", "Ủy ban MTTQ thị trấn"),
        ),
        (
            "Đồng chí Tôn Thất Bình tái cử chức Phó Bí thư Đảng ủy xã Hòa Khương.",
            ("Tôn Thất Bình", "Phó Bí thư", "Đảng ủy xã Hòa Khương"),
        ),
    ],
)
def test_election_and_appointment_verbs(text: str, expected: tuple) -> None:
    [o] = find_officials(text)
    assert (o.name, o.title, o.organization) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Phó Chủ tịch HĐND tỉnh Triệu Văn Đông và Trưởng Ban Dân vận Tỉnh ủy Hà Thị Nguyệt trao quà.",
            {"Triệu Văn Đông": ("Phó Chủ tịch", "HĐND tỉnh"), "Hà Thị Nguyệt": ("Trưởng Ban Dân vận", "Tỉnh ủy")},
        ),
        (
            "Chủ tịch UBND huyện Cờ Đỏ Võ Thành Nhân và Bí thư Huyện đoàn Lưu Minh Tú dự lễ ra quân.",
            {"Võ Thành Nhân": ("Chủ tịch", "UBND huyện Cờ Đỏ"), "Lưu Minh Tú": ("Bí thư", "Huyện đoàn")},
        ),
    ],
)
def test_two_title_first_officials_joined_by_va(text: str, expected: dict) -> None:
    assert _roles(text) == expected


def test_fullest_position_wins_over_a_title_first_list() -> None:
    text = (
        "Phó Chủ tịch HĐND tỉnh Triệu Văn Đông và Trưởng Ban Dân vận Tỉnh ủy Hà Thị Nguyệt trao quà.\n\n"
        "Phát biểu, đồng chí Hà Thị Nguyệt, Ủy viên BTV Tỉnh ủy, Trưởng Ban Dân vận Tỉnh ủy ghi nhận kết quả."
    )
    got = _roles(text)
    assert got["Hà Thị Nguyệt"] == ("Ủy viên BTV Tỉnh ủy, Trưởng Ban Dân vận", "Tỉnh ủy")
    assert got["Triệu Văn Đông"] == ("Phó Chủ tịch", "HĐND tỉnh")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Lương Quốc Đạt phát biểu chỉ đạo.",
            ("Lương Quốc Đạt", "Phó Bí thư Tỉnh ủy, Chủ tịch", "UBND tỉnh"),
        ),
        (
            "Ủy viên Ban Thường vụ Huyện ủy, Trưởng Ban Tổ chức Huyện ủy Nông Văn Lịch công bố quyết định.",
            ("Nông Văn Lịch", "Ủy viên Ban Thường vụ Huyện ủy, Trưởng Ban Tổ chức", "Huyện ủy"),
        ),
    ],
)
def test_title_first_compound_position(text: str, expected: tuple) -> None:
    [o] = find_officials(text)
    assert (o.name, o.title, o.organization) == expected
    assert o.evidence.endswith(o.name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tại đây, đồng chí Võ Văn Dũng, nguyên Ủy viên Ban Thường vụ Tỉnh ủy, nguyên Trưởng Ban Nội chính"
            " Tỉnh ủy nhận Huy hiệu.",
            ("Võ Văn Dũng", "nguyên Ủy viên Ban Thường vụ Tỉnh ủy, nguyên Trưởng Ban Nội chính", "Tỉnh ủy"),
        ),
        (
            "Nguyên Phó Bí thư Tỉnh ủy, nguyên Chủ tịch UBND tỉnh Trần Đình Khánh xúc động nhận Huy hiệu.",
            ("Trần Đình Khánh", "nguyên Phó Bí thư Tỉnh ủy, nguyên Chủ tịch", "UBND tỉnh"),
        ),
    ],
)
def test_former_repeated_before_each_part_of_a_position(text: str, expected: tuple) -> None:
    [o] = find_officials(text)
    assert (o.name, o.title, o.organization) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Đồng chí Lý Văn Huấn được điều động, bổ nhiệm giữ chức Giám đốc Sở Nội vụ từ ngày 1/3.",
            ("Lý Văn Huấn", "Giám đốc", "Sở Nội vụ"),
        ),
        (
            "Bà Lương Thị Hiên được luân chuyển, chỉ định giữ chức Bí thư Huyện ủy Mường Lát.",
            ("Lương Thị Hiên", "Bí thư", "Huyện ủy Mường Lát"),
        ),
    ],
)
def test_two_appointment_verbs_joined_by_a_comma(text: str, expected: tuple) -> None:
    [o] = find_officials(text)
    assert (o.name, o.title, o.organization) == expected


def test_a_comma_before_another_verb_does_not_bridge_to_a_position() -> None:
    assert find_officials("Ông Nguyễn Văn Tư phát biểu, làm rõ vai trò của Bí thư chi bộ.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Phát biểu chỉ đạo, Bí thư Huyện ủy đồng chí Huỳnh Văn Nhứt đề nghị các chi bộ rà soát.",
            ("Huỳnh Văn Nhứt", "Bí thư", "Huyện ủy", "đồng chí"),
        ),
        (
            "Nguyên Chủ tịch UBND xã ông Mạc Văn Lợi xúc động nhận Huy hiệu 50 năm tuổi Đảng.",
            ("Mạc Văn Lợi", "nguyên Chủ tịch", "UBND xã", "ông"),
        ),
        (
            "Tới dự có đồng chí Phó Trưởng Ban Dân vận Tỉnh ủy Trịnh Thị Yến.",
            ("Trịnh Thị Yến", "Phó Trưởng Ban Dân vận", "Tỉnh ủy", "đồng chí"),
        ),
    ],
)
def test_honorific_next_to_a_title_first_position(text: str, expected: tuple) -> None:
    [o] = find_officials(text)
    assert (o.name, o.title, o.organization, o.honorific) == expected
    assert text[o.start : o.end] == o.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Thừa ủy quyền của Chủ tịch nước, đồng chí Lưu Văn Bản trao Huân chương Lao động hạng Ba cho Công ty.",
        "Thay mặt Chủ tịch UBND tỉnh, ông Lò Văn Sinh trao Bằng khen cho 12 tập thể.",
        "Thay mặt Thủ tướng đồng chí Kiều Văn Hòa trao Bằng khen cho 3 cá nhân.",
    ],
)
def test_a_person_acting_for_a_position_does_not_hold_it(text: str) -> None:
    assert find_officials(text) == []


def test_acting_head_keeps_quyen_in_the_title() -> None:
    text = "Quyền Giám đốc Sở Y tế Đỗ Minh Khang cho biết. Ông Châu Văn Lâm, Quyền Chủ tịch UBND huyện phát biểu."
    got = _roles(text)
    assert got == {"Đỗ Minh Khang": ("Quyền Giám đốc", "Sở Y tế"), "Châu Văn Lâm": ("Quyền Chủ tịch", "UBND huyện")}


def test_a_department_head_word_is_never_a_whole_organisation() -> None:
    # "Sở Nội Vụ" names the department; no person called "Nội Vụ" is its director
    assert find_officials("Giám đốc Sở Nội Vụ cho biết sẽ tuyển thêm công chức.") == []
    (o,) = find_officials("Giám đốc Sở Nội Vụ Phạm Thanh Tùng cho biết sẽ tuyển thêm công chức.")
    assert (o.name, o.title, o.organization) == ("Phạm Thanh Tùng", "Giám đốc", "Sở Nội Vụ")
