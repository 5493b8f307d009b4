"""Places: levels, provinces before and after the 2025 merger, and the article's main place."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.normalize import normalize_text
from extractors.places import DATA_DIR, _strip_level, article_place, find_locations, province_2025


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


# --- Location scorer on the project's own gold (the shared scorer does not score locations yet) ---

GOLD_DIR = Path(__file__).resolve().parent.parent / "gold"
# Gold labels outside SCHEMA.md's levels, and the schema level they fall under.
_GOLD_LEVEL = {"hamlet": "village", "industrial_cluster": "industrial_park"}


def _place_key(name: str) -> str:
    """A place's name folded and without its level word: the gold writes "Hiệp Hòa" where the
    text says "huyện Hiệp Hòa", and "TP. Quy Nhơn" is "thành phố Quy Nhơn"."""
    name = re.sub(r"\s*\(cũ\)$", "", unicodedata.normalize("NFC", name))  # "tỉnh Lai Châu (cũ)": the old unit
    return " ".join(_strip_level(name).casefold().split())


@dataclass
class LocationScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    level_ok: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def level_accuracy(self) -> float:
        return self.level_ok / self.matched if self.matched else 1.0


def score_locations(gold_dir: Path) -> LocationScore:
    """Name recall/precision (one place per folded name in an article) and, of the matched,
    the share whose level equals the gold's. Optional gold records count neither way."""
    score = LocationScore()
    for path in sorted(gold_dir.glob("*.json")):
        art = json.loads(path.read_text(encoding="utf-8"))
        text = normalize_text(art["text"])
        gold: dict[str, str] = {}
        optional: set[str] = set()
        for g in art["gold"].get("locations", []):
            key = _place_key(g["name"])
            gold.setdefault(key, _GOLD_LEVEL.get(g["level"], g["level"]))
            if g.get("optional"):
                optional.add(key)
        pred: dict[str, str] = {}
        for loc in find_locations(text):
            pred.setdefault(_place_key(loc.name), loc.level)
        matched = set(gold) & set(pred)
        score.gold += len(set(gold) - optional) + len(matched & optional)
        score.predicted += len(pred)
        score.matched += len(matched)
        score.level_ok += sum(gold[k] == pred[k] for k in matched)
    return score


def test_location_scorer_counts_by_hand(tmp_path: Path) -> None:
    art = {
        "text": "Huyện Hiệp Hòa kết nạp đảng viên tại xã Đồng Tân và thôn Đồng Vân.",
        "gold": {
            "locations": [
                {"name": "Hiệp Hòa", "level": "district"},
                {"name": "xã Đồng Tân", "level": "commune"},
                {"name": "thôn Đồng Vân", "level": "hamlet"},
                {"name": "xã Mai Trung", "level": "commune"},
            ]
        },
    }
    (tmp_path / "a.json").write_text(json.dumps(art, ensure_ascii=False), encoding="utf-8")
    s = score_locations(tmp_path)
    # Three of four gold places are named in the text and found; nothing else is predicted.
    assert (s.gold, s.predicted, s.matched, s.level_ok) == (4, 3, 3, 3)


def test_locations_on_own_gold_floor() -> None:
    s = score_locations(GOLD_DIR)
    assert s.gold >= 40
    assert s.recall >= 0.9
    assert s.precision >= 0.9
    assert s.level_accuracy >= 0.95


# --- Levels and units in new wording ---


def test_person_after_a_unit_is_not_part_of_its_name() -> None:
    text = (
        "Chủ tịch UBND huyện Văn Lâm Nguyễn Thị Hoa phát biểu; Bí thư Đảng ủy phường Mỹ Hào Vũ Thị Lan dự; "
        "Phó Chủ tịch HĐND tỉnh Ngô Văn Bình chủ trì."
    )
    assert _levels(text) == {"huyện Văn Lâm": "district", "phường Mỹ Hào": "ward"}


def test_roman_numerals_and_dashes_stay_in_industrial_park_names() -> None:
    text = "Doanh nghiệp ở KCN Thăng Long II và KCN Song Khê - Nội Hoàng, cụm công nghiệp Đồng Văn."
    assert _levels(text) == {
        "KCN Thăng Long II": "industrial_park",
        "KCN Song Khê - Nội Hoàng": "industrial_park",
        "cụm công nghiệp Đồng Văn": "industrial_park",
    }


def test_regions_and_countries() -> None:
    text = "Cà phê Tây Nguyên và gạo Đồng bằng sông Cửu Long xuất sang châu Âu và Hàn Quốc."
    assert _levels(text) == {
        "Tây Nguyên": "region",
        "Đồng bằng sông Cửu Long": "region",
        "châu Âu": "region",
        "Hàn Quốc": "other",
    }
    assert all(loc.province is None for loc in find_locations(text))


def test_city_town_and_township_levels() -> None:
    text = "Lễ ở thành phố Thủ Dầu Một, TP. Biên Hòa, quận Hai Bà Trưng, thị trấn Đông Anh và tổ dân phố 5."
    assert _levels(text) == {
        "thành phố Thủ Dầu Một": "city",
        "TP. Biên Hòa": "city",
        "quận Hai Bà Trưng": "district",
        "thị trấn Đông Anh": "commune",
        "tổ dân phố 5": "village",
    }


def test_a_unit_written_two_ways_is_one_place() -> None:
    text = "TP. Quy Nhơn trao huy hiệu. Thành phố Quy Nhơn có 12 phường."
    assert [(loc.name, loc.level) for loc in find_locations(text)] == [("TP. Quy Nhơn", "city")]


def test_two_level_words_are_two_places() -> None:
    text = "Xã Ân Thi mới gồm thị trấn Ân Thi và 4 xã của huyện Ân Thi cũ."
    assert _levels(text) == {"Xã Ân Thi": "commune", "thị trấn Ân Thi": "commune", "huyện Ân Thi": "district"}


def test_party_committee_names_its_district() -> None:
    text = "Bí thư Huyện ủy Trảng Bàng Lê Văn Hùng trao giấy khen; Huyện ủy Nguyễn Văn A không phải địa danh."
    [loc] = find_locations(text)
    assert (loc.name, loc.level, loc.province, loc.province_2025) == ("Trảng Bàng", "district", "Tây Ninh", "Tây Ninh")


def test_province_inside_a_company_name_is_not_a_place() -> None:
    assert find_locations("Chi bộ Công ty cổ phần May Thái Bình có 12 đảng viên.") == []
    [loc] = find_locations("Chi bộ Công ty cổ phần May tại Thái Bình có 12 đảng viên.")
    assert (loc.name, loc.level) == ("Thái Bình", "province")


def test_former_province_ha_tay() -> None:
    [loc] = find_locations("quê ở tỉnh Hà Tây cũ")
    assert (loc.level, loc.province, loc.province_2025) == ("province", "Hà Nội", "Thành phố Hà Nội")


def test_post_2025_ward_gets_its_new_province() -> None:
    # After 1 July 2025 there are no districts: a new ward is named with its (new) province.
    [ward, prov] = find_locations("Đảng ủy phường Mỹ Hào, tỉnh Hưng Yên trao Huy hiệu Đảng.")
    assert (ward.name, ward.level, ward.province_2025) == ("phường Mỹ Hào", "ward", "Hưng Yên")
    assert (prov.name, prov.province_2025) == ("tỉnh Hưng Yên", "Hưng Yên")
    place = article_place("Đảng ủy phường Mỹ Hào, tỉnh Hưng Yên trao Huy hiệu Đảng.", [ward, prov])
    assert (place.province, place.district, place.province_2025) == ("Hưng Yên", None, "Hưng Yên")


def test_new_ward_alone_still_gets_its_province_2025() -> None:
    # "Chánh Phú Hòa" is a ward of Thành phố Hồ Chí Minh since 2025 (before: Bến Cát, Bình Dương).
    [loc] = find_locations("Đại hội Đảng bộ phường Chánh Phú Hòa lần thứ I.")
    assert loc.province_2025 == "Thành phố Hồ Chí Minh"


def test_ambiguous_commune_takes_the_province_the_article_names() -> None:
    # Many provinces have a "xã Tân Hiệp"; the article names two provinces, one of which has it.
    text = "Xã Tân Hiệp (Hóc Môn, Thành phố Hồ Chí Minh) kết nghĩa với tỉnh Điện Biên."
    got = {loc.name: loc.province for loc in find_locations(text)}
    assert got["Xã Tân Hiệp"] == "Thành phố Hồ Chí Minh"


# --- The article's place, checked against each article's evident province (written by hand) ---


@pytest.mark.parametrize(
    ("name", "province", "district", "province_2025"),
    [
        # headline "Quận Ninh Kiều …": Ninh Kiều is a district of Cần Thơ
        ("cantho-ninhkieu-ket-nap-hoc-sinh-27", "Cần Thơ", "Ninh Kiều", "Thành phố Cần Thơ"),
        # headline "Long An: … ở huyện Đức Hòa"; Long An merged into Tây Ninh
        ("longan-duchoa-chibo-fdi-dau-tien", "Long An", "Đức Hòa", "Tây Ninh"),
        # "huyện Quế Phong" (Nghệ An) throughout
        ("nghean-quephong-xoa-ban-trang-dangvien", "Nghệ An", "Quế Phong", "Nghệ An"),
        # "Huyện ủy Quảng Xương" in the headline: a district of Thanh Hóa
        ("thanhhoa-quangxuong-ky-luat-dat-dai", "Thanh Hóa", "Quảng Xương", "Thanh Hóa"),
        # "Huyện ủy Lâm Hà" (Lâm Đồng) holds the conference
        ("lamdong-lamha-so-ket-6thang-2023", "Lâm Đồng", "Lâm Hà", "Lâm Đồng"),
        # a province-wide economic story: no district; Bắc Giang merged into Bắc Ninh
        ("other-bacgiang-fdi-quy1-2025", "Bắc Giang", None, "Bắc Ninh"),
        # post-2025 ward of Thành phố Hồ Chí Minh, formerly in Bến Cát, Bình Dương
        ("hcm-chanhphuhoa-daihoi-2025-2030", "Bình Dương", "Bến Cát", "Thành phố Hồ Chí Minh"),
        # the fictional province "Sông Hồng" is no real province: nothing to name
        ("songhong-mttq-bang-khen-30-45", None, None, None),
    ],
)
def test_article_place_on_own_gold(
    name: str, province: str | None, district: str | None, province_2025: str | None
) -> None:
    art = json.loads((GOLD_DIR / f"{name}.json").read_text(encoding="utf-8"))
    text = normalize_text(art["text"])
    place = article_place(text, find_locations(text))
    assert (place.province, place.district, place.province_2025) == (province, district, province_2025)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Các xã Tân Lập, Tân Hòa và Tân Phú đều đã có chi bộ.",
         [("xã Tân Lập", "commune"), ("Tân Hòa", "commune"), ("Tân Phú", "commune")]),
        ("Việc tạo nguồn ở các xã vùng cao như Lũng Cú, Đồng Văn còn khó.",
         [("Lũng Cú", "commune"), ("Đồng Văn", "commune")]),
        ("Khu phố Tân Hòa 2 và khu phố Tân Hòa 3 đã có chi bộ.",
         [("Khu phố Tân Hòa 2", "village"), ("khu phố Tân Hòa 3", "village")]),
        ("Thôn Nà Pồ có 12 hộ nghèo.", [("Thôn Nà Pồ", "village")]),  # 12 counts households
        ("Các xã, thị trấn trên địa bàn đều có chi bộ.", []),  # no names listed
    ],
)
def test_listed_and_numbered_places(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(loc.name, loc.level) for loc in find_locations(text)] == expected
