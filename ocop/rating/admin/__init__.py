"""Back office of the rating app ("Đánh giá, phân hạng" in the sidebar)."""

from ocop.rating.admin import dossiers, rounds  # noqa: F401  (registers the admins)
