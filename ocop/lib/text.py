"""Vietnamese text folding for diacritic-insensitive search.

fold("Đồng Nai") == "dong nai"; every search feature stores and queries folded text, so
that results are identical on SQLite and PostgreSQL.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, drop diacritics (including đ → d) and collapse whitespace."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()
