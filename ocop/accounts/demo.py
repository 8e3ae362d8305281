"""Demo accounts, one per persona, all with the same demo password (printed by `ocop serve`)."""

from django.conf import settings
from django.db.models import Q

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.lib.text import fold
from ocop.territory.models import AdminUnit

DEMO_PASSWORD = "ocop-demo-2026"

# Preferred demo communes of current Đồng Nai (fall back to the first communes found).
PREFERRED_COMMUNES = ["Trấn Biên", "Long Thành"]


def demo_communes(province: AdminUnit, count: int = 2) -> list[AdminUnit]:
    communes = AdminUnit.objects.filter(parent=province, level=AdminUnit.Level.COMMUNE).order_by("code")
    chosen = [c for name in PREFERRED_COMMUNES for c in communes if fold(c.name) == fold(name)]
    for commune in communes:
        if len(chosen) >= count:
            break
        if commune not in chosen:
            chosen.append(commune)
    return chosen[:count]


def demo_accounts() -> list[tuple[str, str, str, AdminUnit | None]]:
    """(username, full name, role, unit) for each demo persona."""
    current = AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT, level=AdminUnit.Level.PROVINCE)
    province = current.get(code=settings.OCOP_DEFAULT_PROVINCE_CODE)
    other = current.exclude(pk=province.pk).filter(code="79").first() or current.exclude(pk=province.pk).first()
    commune_a, commune_b = demo_communes(province)
    return [
        ("trunguong", "Văn phòng Điều phối nông thôn mới Trung ương", Role.NATIONAL_OFFICE, None),
        ("dongnai", "Văn phòng OCOP tỉnh Đồng Nai", Role.PROVINCE_OFFICE, province),
        ("songnn", "Sở Nông nghiệp và Môi trường Đồng Nai", Role.DEPARTMENT_OFFICER, province),
        (f"xa.{fold(commune_a.name).replace(' ', '')}", f"Cán bộ OCOP {commune_a.full_name}", Role.COMMUNE_OFFICER, commune_a),
        (f"xa.{fold(commune_b.name).replace(' ', '')}", f"Cán bộ OCOP {commune_b.full_name}", Role.COMMUNE_OFFICER, commune_b),
        ("tinhkhac", f"Văn phòng OCOP {other.full_name}", Role.PROVINCE_OFFICE, other),
        ("thanhtra", "Thanh tra (chỉ xem)", Role.AUDITOR, None),
        ("thuky", "Thư ký hội đồng tỉnh Đồng Nai", Role.COUNCIL_SECRETARY, province),
    ]


def seed(log=print) -> dict:
    created = 0
    admin, made = User.objects.get_or_create(
        username="admin", defaults={"full_name": "Quản trị hệ thống", "is_staff": True, "is_superuser": True}
    )
    if made:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        created += 1
    for username, full_name, role, unit in demo_accounts():
        user, made = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "is_staff": role != Role.PRODUCER}
        )
        if made:
            user.set_password(DEMO_PASSWORD)
            user.save()
            created += 1
        ensure_role(user, role, unit)
    log(f"Tài khoản mẫu: {created} tài khoản mới.")
    return {"accounts_created": created}


#: Demo accounts made by later demo steps: the producer (registry), the self-registered producer
#: (cycle), the council (rating). Commune officers ("xa.*") may also come from the portal step.
OTHER_DEMO_USERS = ["chuthe", "hodangky", "thuky", "hoidong1", "hoidong2", "hoidong3"]


def ensure_role(user, role: str, unit, department=None):
    """Give a demo USER a ROLE over UNIT (idempotent; the demo is seeded by the system)."""
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"department": department}
    )
    return assignment


def link_department_officers(province, department) -> int:
    """Demo department officers of PROVINCE without a department belong to DEPARTMENT (the program
    demo creates the departments after the accounts)."""
    return RoleAssignment.objects.filter(
        role=Role.DEPARTMENT_OFFICER, unit=province, department__isnull=True
    ).update(department=department)


def login_table() -> list[tuple[str, str]]:
    """(username, description) of every demo account and role, for `ocop serve` to print."""
    rows = [("admin", "Quản trị hệ thống (toàn quyền)")]
    names = [u for u, *_ in demo_accounts()] + OTHER_DEMO_USERS
    for assignment in (
        RoleAssignment.objects.filter(Q(user__username__in=names) | Q(user__username__startswith="xa."))
        .select_related("user", "unit", "department")
        .order_by("user__username", "role")
    ):
        description = str(assignment)
        if assignment.department_id:
            description += f" ({assignment.department})"
        if assignment.role in (Role.PRODUCER, Role.COUNCIL_MEMBER):
            description += f" · {assignment.user}"
        rows.append((assignment.user.username, description))
    return rows
