import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocop.lib.text import fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đồng Nai", "dong nai"),
        ("ĐỒNG NAI", "dong nai"),
        ("đ", "d"),
        ("Bánh pía", "banh pia"),
        ("Hạt điều rang muối", "hat dieu rang muoi"),
        ("Bưởi  Tân   Triều", "buoi tan trieu"),
        ("Phường Trấn Biên", "phuong tran bien"),
        ("Thị trấn Gia Ray", "thi tran gia ray"),
        ("  Ơ Ư ơ ư  ", "o u o u"),
        ("Khánh Hòa / Khánh Hoà", "khanh hoa / khanh hoa"),  # both accent placements
        ("", ""),
        (None, ""),
    ],
)
def test_fold_table(text, expected):
    assert fold(text) == expected


@given(st.text())
def test_fold_is_idempotent_and_has_no_vietnamese_marks(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert not set(folded) & set("ăâđêôơưáàảãạ")
