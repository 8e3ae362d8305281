"""The program's back office (sidebar section "Giám sát chương trình")."""

from ocop.program.admin import departments, funding, plans, reports, training

__all__ = ["departments", "funding", "plans", "reports", "training"]
