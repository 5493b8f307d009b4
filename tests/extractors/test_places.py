"""Places: levels, provinces before and after the 2025 merger, and the article's main place."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.normalize import normalize_text
from extractors.places import DATA_DIR, article_place, find_locations, province_2025


def _levels(text: str) -> dict[str, str]:
    return {loc.name: loc.level for loc in find_locations(text)}


def test_levels_from_the_word_before_the_name() -> None:
    text = (
        "Đoàn công tác làm việc tại xã Tân Hiệp, huyện Hóc Môn, phường 3 và thị trấn Củ Chi; "
        "thăm ấp Bàu Tre, khu phố Mỹ Phước, KCN Sóng Thần và thị xã Bến Cát, tỉnh Bình Dương."
    )
    assert _levels(text) == {
        "xã Tân Hiệp": "commune",
        "huyện Hóc Môn": "district",
        "phường 3": "ward",
        "thị trấn Củ Chi": "commune",
        "ấp Bàu Tre": "village",
        "khu phố Mỹ Phước": "village",
        "KCN Sóng Thần": "industrial_park",
        "thị xã Bến Cát": "district",
        "tỉnh Bình Dương": "province",
    }
    for loc in find_locations(text):
        assert text[loc.start : loc.end] == loc.evidence


def test_bare_province_and_merger() -> None:
    [loc] = find_locations("Kinh tế Bình Dương tăng trưởng khá.")
    assert (loc.name, loc.level, loc.province, loc.province_2025) == (
        "Bình Dương",
        "province",
        "Bình Dương",
        "Thành phố Hồ Chí Minh",
    )


def test_district_gets_its_province_from_the_address_table() -> None:
    [loc] = find_locations("Chi bộ mới ở huyện Châu Đức có 4 đảng viên.")
    assert (loc.province, loc.province_2025) == ("Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh")


def test_provincial_city_is_not_a_province() -> None:
    [loc] = find_locations("Lễ trao huy hiệu tại thành phố Quy Nhơn.")
    assert (loc.level, loc.province, loc.province_2025) == ("city", "Bình Định", "Gia Lai")


def test_aliases() -> None:
    got = {loc.name: loc.province for loc in find_locations("Xuất khẩu của TP.HCM và Thừa Thiên Huế tăng.")}
    assert got == {"TP.HCM": "Thành phố Hồ Chí Minh", "Thừa Thiên Huế": "Huế"}


def test_byline_line_is_not_a_place() -> None:
    assert find_locations("Huyện ủy kết nạp 20 đảng viên mới.\n\nKhánh Hòa") == []


def test_article_place_prefers_headline_and_ignores_home_towns() -> None:
    text = (
        "Thị xã Tân Uyên (Bình Dương): Trao Huy hiệu Đảng\n"
        "Đảng viên Lê Văn A, quê ở xã Hòa Bình, huyện Cai Lậy, tỉnh Tiền Giang, nhận Huy hiệu tại thị xã Tân Uyên."
    )
    place = article_place(text, find_locations(text))
    assert (place.province, place.district, place.province_2025) == ("Bình Dương", "Tân Uyên", "Thành phố Hồ Chí Minh")


def test_article_place_without_places() -> None:
    place = article_place("Không có địa danh.", [])
    assert (place.province, place.district, place.province_2025) == (None, None, None)


def test_merger_table_covers_63_into_34_and_agrees_with_underthesea() -> None:
    ours = json.loads((DATA_DIR / "places.json").read_text(encoding="utf-8"))["provinces"]
    assert len(ours) == 63
    assert len(set(ours.values())) == 34
    from underthesea.address import converter

    data = json.loads(converter._DATA_PATH.read_text(encoding="utf-8"))

    def key(name: str) -> str:
        folded = unicodedata.normalize("NFD", name.casefold().replace("đ", "d"))
        return "".join(c for c in folded if c.isalnum() and not unicodedata.combining(c))

    theirs = {key(v["short"]): k for k, v in data["old_province_names"].items()}
    new_names = {k: key(v["short"]) for k, v in data["province_names"].items()}
    for old, new in ours.items():
        short = old.removeprefix("Thành phố ")
        assert new_names[data["province_mapping"][theirs[key(short)]]] == key(new.removeprefix("Thành phố ")), old


def test_province_2025_of_unknown_is_none() -> None:
    assert province_2025("Atlantis") is None
    assert province_2025(None) is None
    assert province_2025("Hà Giang") == "Tuyên Quang"


def test_seed_article(shared_dir) -> None:
    art = json.loads((shared_dir / "eval" / "dev" / "seed-bencat.json").read_text(encoding="utf-8"))
    text = normalize_text(art["text"])
    locs = find_locations(text)
    assert {(loc.name, loc.level) for loc in locs} == {
        ("Thị xã Bến Cát", "district"),
        ("Bình Dương", "province"),
        ("phường Tân Định", "ward"),
    }
    place = article_place(text, locs)
    assert (place.province, place.district, place.province_2025) == ("Bình Dương", "Bến Cát", "Thành phố Hồ Chí Minh")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("xã huyệnTPKCNBìnhDươngtỉnh .,-–\n3ĐàNẵngquêở")), max_size=100))
def test_never_raises(text: str) -> None:
    locs = find_locations(text)
    for loc in locs:
        assert text[loc.start : loc.end] == loc.evidence
    article_place(text, locs)
