"""Counts: a number with a counted noun; names, dates, tiers and ordinals are not counts."""

from __future__ import annotations

import pytest

from extractors.counts import find_counts


def _one(text: str):
    counts = find_counts(text)
    assert len(counts) == 1, counts
    c = counts[0]
    assert c.evidence == text[c.start : c.end]
    return c


def test_simple_count_with_subject_and_indicator() -> None:
    c = _one("Huyện ủy đã kết nạp 200 đảng viên mới trong năm.")
    assert (c.value, c.unit, c.indicator) == (200, "đảng viên", "party.members_admitted")
    assert c.subject == "đảng viên mới"
    assert c.evidence == "200 đảng viên"


def test_back_reference_is_not_a_new_count() -> None:
    assert find_counts("Trước đây, 3 chi bộ này sinh hoạt chung.") == []


def test_thousands_and_multiplier_with_qualifier() -> None:
    c = _one("Đảng bộ hiện có tổng cộng hơn 4,7 ngàn đảng viên.")
    assert (c.value, c.unit, c.approximate) == (4700, "đảng viên", "more_than")
    assert c.evidence == "hơn 4,7 ngàn đảng viên"
    assert _one("với tổng số 3.390 đảng viên").value == 3390


def test_money_keeps_multiplier_in_unit() -> None:
    c = _one("kim ngạch đạt gần 49,35 tỷ USD")
    assert (c.value, c.unit, c.approximate) == (49.35, "tỷ USD", "nearly")
    c = _one("tổng vốn 12.221 tỷ đồng")
    assert (c.value, c.unit) == (12221, "tỷ đồng")


def test_change() -> None:
    c = _one("so với năm 2017 tăng 5 đảng viên")
    assert c.change is True and c.value == 5
    assert _one("kết nạp thêm 250 đảng viên").change is False


def test_number_words() -> None:
    c = _one("trao tặng huy hiệu cho hai đảng viên")
    assert (c.value, c.unit, c.indicator) == (2, "đảng viên", "party.badges_awarded")


def test_badge_tiers() -> None:
    text = "Dịp này có 24 đồng chí nhận Huy hiệu 75 năm tuổi Đảng, 5 đồng chí nhận Huy hiệu 70 năm tuổi Đảng."
    counts = find_counts(text)
    assert [(c.value, c.unit) for c in counts] == [(24, "đồng chí"), (5, "đồng chí")]
    assert all(c.indicator == "party.badges_awarded" for c in counts)


def test_awards() -> None:
    counts = find_counts("Thị ủy khen thưởng 4 tập thể, 10 cá nhân có thành tích xuất sắc.")
    assert [(c.value, c.unit, c.indicator) for c in counts] == [
        (4, "tập thể", "awards.collectives"),
        (10, "cá nhân", "awards.individuals"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định 05 ngày 15/3/2024 của Tỉnh ủy",
        "theo Chỉ thị số 35-CT/TW và Quy định 45-QĐ/TW",
        "nhiệm kỳ 2020-2025, khóa XIII",
        "trao Huy hiệu 30 năm tuổi Đảng",
        "Đại hội lần thứ 2 của Chi bộ 18 có nhiều đảng viên",
        "kỷ niệm 133 năm ngày sinh Chủ tịch Hồ Chí Minh và 80 năm Quốc khánh",
        "sau 1 năm dự bị, đồng chí 45 tuổi",
        "Hotline: 094 318 2750, lúc 21:49, 1.234 lượt xem",
        "năm 2020 có nhiều chuyển biến",
        "từ 30 đến 60 năm tuổi Đảng",
    ],
)
def test_not_counts(text: str) -> None:
    assert find_counts(text) == []


def test_fraction_counts_the_numerator() -> None:
    c = _one("65/65 chi bộ ấp, khu phố đã có chi ủy")
    assert (c.value, c.unit) == (65, "chi bộ")


def test_remaining_ones_refer_back() -> None:
    assert [
        c.value for c in find_counts("Chi bộ A có chín đảng viên, hai chi bộ còn lại mỗi chi bộ có 4 đảng viên.")
    ] == [9, 4]


def test_discipline_is_a_count_not_a_law_number() -> None:
    c = _one("Năm 2022 đã thi hành kỷ luật 5 đảng viên.")
    assert (c.value, c.indicator) == (5, "party.members_disciplined")
    assert find_counts("theo Luật 05 đảng viên phải") == []


def test_from_to_counts_the_new_figure() -> None:
    c = _one("Sau 10 năm, số đảng viên tăng từ 620 lên 1.985.")
    assert (c.value, c.unit) == (1985, "đảng viên")


def test_in_the_number_of_is_still_a_count() -> None:
    c = _one("phát triển đảng viên trong số 1,2 nghìn thanh niên dân tộc thiểu số")
    assert (c.value, c.unit) == (1200, "thanh niên")


# --- subject from tokens: the noun phrase after the unit -------------------------------------

_SUBJECT_CASES = [
    # a noun and an adjective qualify the unit with no link word
    ("Năm nay xã đón 12 nghìn lượt khách nội địa, tăng mạnh.", "lượt khách nội địa"),
    ("Huyện đã kiện toàn 14/14 chi bộ bản ở vùng biên giới.", "chi bộ bản ở vùng biên giới"),
    # "là" + noun phrase, ending where a verb begins (not at the next comma)
    ("Chi bộ kết nạp 15 học viên là nông dân đang sản xuất tại hợp tác xã.", "học viên là nông dân"),
]


@pytest.mark.parametrize(("text", "subject"), _SUBJECT_CASES)
def test_subject_is_the_noun_phrase_after_the_unit(text: str, subject: str) -> None:
    assert _one(text).subject == subject


@pytest.mark.parametrize(("text", "subject"), _SUBJECT_CASES)
def test_without_tokens_the_subject_is_wrong(text: str, subject: str, monkeypatch) -> None:
    import extractors.counts as counts

    monkeypatch.setattr(counts, "pos_subject", lambda *a: None)
    assert _one(text).subject != subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Đảng bộ phường kết nạp 9 đảng viên trong năm 2024.", "đảng viên"),  # time is no qualifier
        ("Có 6 tập thể cùng 11 cá nhân được khen.", "tập thể"),  # another count follows
        ("Trường có 42 đảng viên trong các tổ chuyên môn.", "đảng viên trong các tổ chuyên môn"),
        ("Kết nạp 7 đảng viên dự bị.", "đảng viên dự bị"),
        ("Thôn có 3 đồng chí Hà Văn Sinh và Lò Thị Mai tham gia.", "đồng chí"),  # a name is no qualifier
    ],
)
def test_subject_stops_where_the_qualifier_ends(text: str, subject: str) -> None:
    assert find_counts(text)[0].subject == subject


def test_subject_starts_with_the_unit_as_written() -> None:
    text = "Năm qua có 20 Đảng viên là cựu chiến binh."
    c = _one(text)
    assert c.subject == "Đảng viên là cựu chiến binh" and c.unit == "Đảng viên"


def test_link_after_an_adverb_and_money_subjects() -> None:
    assert _one("Chi bộ có 8 đảng viên đang là giáo viên tiểu học.").subject == "đảng viên đang là giáo viên tiểu học"
    assert _one("Tỉnh thu hút 1,4 tỷ USD vốn đầu tư mới.").subject == "tỷ USD"  # what money buys is no subject


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a breakdown of a figure already given must not be summed with it
        ("Năm 2023, Đảng bộ huyện kết nạp 120 đảng viên mới; trong đó có 15 đảng viên là người dân tộc thiểu số.",
         [(120, "party.members_admitted"), (15, None)]),
        # a target is not a result
        ("Nhiệm kỳ tới, Đảng bộ phấn đấu kết nạp 200 đảng viên mới.", [(200, None)]),
        # the people an inspection dealt with are not a membership total
        ("Ủy ban Kiểm tra đã kiểm tra đối với 6 tổ chức đảng và 18 đảng viên.", [(6, None), (18, None)]),
        ("Đảng bộ xã hiện có 40 chi bộ với 1.500 đảng viên.",
         [(40, "party.organizations_total"), (1500, "party.members_total")]),
        ("Đảng bộ kết nạp 31 đảng viên là công nhân, đạt 62%; 5 đảng viên là chủ doanh nghiệp.",
         [(31, "party.members_admitted"), (5, "party.members_admitted")]),
        ("Ủy ban Kiểm tra các cấp đã thi hành kỷ luật 7 đảng viên.", [(7, "party.members_disciplined")]),
    ],
)
def test_indicator_only_for_figures_that_can_be_summed(sentence, expected):
    assert [(c.value, c.indicator) for c in find_counts(sentence)] == expected


# --- amounts, rates and units named before the figure -----------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Tổng vốn đầu tư toàn xã hội ước đạt 47,2 nghìn tỷ đồng.", 47.2, "nghìn tỷ đồng"),
        ("Thu ngân sách năm nay đạt hơn 3 ngàn tỷ đồng, vượt dự toán.", 3, "ngàn tỷ đồng"),
    ],
)
def test_compound_money_multiplier_stays_in_the_unit(text: str, value: float, unit: str) -> None:
    c = _one(text)
    assert (c.value, c.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Phường mới có diện tích tự nhiên gần 41,7 km2 và nhiều khu dân cư.", 41.7, "km2"),
        ("Nông dân đã chuyển đổi 2.318,4 ha đất trồng lúa kém hiệu quả.", 2318.4, "ha"),
        ("Tuyến đê dài 8,6 km được nâng cấp.", 8.6, "km"),
        ("Sản lượng thủy sản đạt 15,25 tấn mỗi vụ.", 15.25, "tấn"),
    ],
)
def test_decimal_amounts_with_measure_units(text: str, value: float, unit: str) -> None:
    c = _one(text)
    assert (c.value, c.unit) == (value, unit)


def test_decimal_with_a_counted_noun_is_still_no_count() -> None:
    assert find_counts("bình quân 3,4 người mỗi hộ") == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Thu nhập bình quân đầu người đạt 54 triệu đồng/năm.", 54, "triệu đồng/năm"),
        ("thu nhập bình quân của xã đạt 81,3 triệu đồng/người/năm, tăng", 81.3, "triệu đồng/người/năm"),
        ("Giá xuất khẩu bình quân 2.450 USD/tấn.", 2450, "USD/tấn"),
    ],
)
def test_a_rate_keeps_its_divisor_in_the_unit(text: str, value: float, unit: str) -> None:
    c = _one(text)
    assert (c.value, c.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Sản phẩm của tỉnh đã có mặt tại hơn 60 quốc gia và vùng lãnh thổ.", 60, "quốc gia và vùng lãnh thổ"),
        ("Hàng nông sản xuất sang 25 thị trường.", 25, "thị trường"),
        ("Nhiệm kỳ qua, Đảng bộ hoàn thành 18/20 chỉ tiêu đề ra.", 18, "chỉ tiêu"),
        ("Đồng chí Hà được bầu làm Bí thư với 29 phiếu tán thành.", 29, "phiếu"),
    ],
)
def test_units_of_targets_votes_and_markets(text: str, value: float, unit: str) -> None:
    c = _one(text)
    assert (c.value, c.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "value", "unit", "evidence"),
    [
        ("Đồng chí Lò Văn Khiêm trúng cử với số phiếu 31/31, đạt tỷ lệ tuyệt đối.", 31, "phiếu", "số phiếu 31/31"),
        ("Kết quả: tổng số hội viên là 2.406, tăng so với năm trước.", 2406, "hội viên", "tổng số hội viên là 2.406"),
    ],
)
def test_unit_named_before_the_figure(text: str, value: float, unit: str, evidence: str) -> None:
    c = _one(text)
    assert (c.value, c.unit, c.evidence) == (value, unit, evidence)


@pytest.mark.parametrize(
    "text",
    ["Đồng chí Tòng trúng cử với số phiếu 100%.", "Số hồ sơ 11/2023 được lưu tại Văn phòng."],
)
def test_unit_before_is_no_percentage_or_date(text: str) -> None:
    assert find_counts(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Giai đoạn này, bình quân mỗi năm trên 120 đảng viên được kết nạp.", 120),
        ("Trong năm gần 40 hộ thoát nghèo.", 40),
        ("Hằng năm 35 đảng viên được tặng Giấy khen.", 35),
        ("Mỗi tháng 12 cuộc sinh hoạt chuyên đề được tổ chức.", 12),
    ],
)
def test_a_word_between_the_period_and_the_figure_makes_a_count(text: str, value: float) -> None:
    assert _one(text).value == value


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Ủy ban Kiểm tra đã kết luận 3 tổ chức đảng có vi phạm.", 3, "tổ chức đảng"),
        ("Cán bộ nông nghiệp đã hướng dẫn 45 hộ chuyển đổi cây trồng.", 45, "hộ"),
        ("Ban Thường vụ đã quyết định 4 trường hợp kỷ luật.", 4, "trường hợp"),
    ],
)
def test_a_lower_case_verb_is_not_a_document_name(text: str, value: float, unit: str) -> None:
    c = _one(text)
    assert (c.value, c.unit) == (value, unit)


@pytest.mark.parametrize(
    "text",
    ["Thực hiện Kết luận 14 tổ chức học tập", "theo Hướng dẫn 12 hộ gia đình phải", "Quyết định 3 đơn vị"],
)
def test_a_capitalised_document_word_still_names_a_document(text: str) -> None:
    assert find_counts(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kết quả xếp loại: 12 chi bộ hoàn thành xuất sắc nhiệm vụ, 31 hoàn thành tốt nhiệm vụ "
            "và 2 hoàn thành nhiệm vụ.",
            [(12, "chi bộ"), (31, "chi bộ"), (2, "chi bộ")],
        ),
        (
            "Trong năm, 64 đảng viên được tặng Giấy khen; 1.105 được biểu dương tại chi bộ.",
            [(64, "đảng viên"), (1105, "đảng viên")],
        ),
    ],
)
def test_a_list_item_that_leaves_the_unit_out_counts_the_same_unit(text: str, expected: list) -> None:
    assert [(c.value, c.unit) for c in find_counts(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2022 có 4 chi bộ được thành lập, 2023 được thành lập thêm.",  # a year, not a figure
        "Chi bộ có 15 đảng viên là nữ, 6 là người dân tộc Tày.",  # 'là' is too common to show a parallel
        "Xã có 9 hộ nghèo thoát nghèo. 3 thoát nghèo nhờ vay vốn.",  # another sentence
    ],
)
def test_elided_unit_needs_a_parallel_predicate_in_the_same_sentence(text: str) -> None:
    assert len(find_counts(text)) == 1


@pytest.mark.parametrize(
    "text",
    ["em Lê Thị Hoa, học sinh lớp 9 Trường THCS Tân Lập", "các em khối 12 học sinh giỏi"],
)
def test_school_grade_is_no_count(text: str) -> None:
    assert find_counts(text) == []
