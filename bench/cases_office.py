"""Back-office cases as real users, not a superuser (who skips every scope filter): the programme
dashboard and the all-communes indicator as the national office, a province office and a commune
officer; the back-office fixed cost (the sidebar and its badges, timed on their own) and the admin
home (the task inbox) for every back-office role.

The users are created once in the benchmark database (bench-<role>: in the sample province, its
first commune with products, its former district, a department of it; the council roles: a synth
council member and secretary of the province), so that each timing pays the role's own scope.
"""

from __future__ import annotations

from bench.cases_pages import DASHBOARD_MS, Context, _result
from bench.harness import Result, measure

FIXED_MS = 10


def _user(username: str, role: str, unit, department=None):
    from ocop.accounts.models import RoleAssignment, User

    user, _created = User.objects.get_or_create(username=username, defaults={
        "full_name": username, "is_staff": True, "email": f"{username}@example.invalid"})
    if not user.roles.exists():
        RoleAssignment.objects.create(user=user, role=role, unit=unit, department=department)
    return user


def _seated(role: str, province):
    """A synth user holding ROLE on a council of PROVINCE (None when the data has none)."""
    from ocop.accounts.models import RoleAssignment

    found = RoleAssignment.objects.filter(role=role, unit=province).select_related("user").order_by("user_id").first()
    return found.user if found else None


def office_users(sample) -> dict[str, object]:
    """{role: user} for every back-office role, in the sample province."""
    from ocop.accounts.models import Role
    from ocop.program.models import Department
    from ocop.registry.models import Product
    from ocop.territory.models import AdminUnit

    province = AdminUnit.objects.get(pk=sample.province_id)
    commune = AdminUnit.objects.get(pk=Product.objects.filter(unit__parent=province).order_by("pk")
                                    .values("unit")[:1])
    district = AdminUnit.objects.filter(generation=AdminUnit.Generation.LEGACY, level=AdminUnit.Level.DISTRICT,
                                        current_path__startswith=province.path).order_by("path").first()
    department = Department.objects.filter(unit=province).order_by("pk").first()
    users = {
        Role.NATIONAL_OFFICE: _user("bench-national", Role.NATIONAL_OFFICE, None),
        Role.PROVINCE_OFFICE: _user("bench-province", Role.PROVINCE_OFFICE, province),
        Role.COMMUNE_OFFICER: _user("bench-commune", Role.COMMUNE_OFFICER, commune),
        Role.AUDITOR: _user("bench-auditor", Role.AUDITOR, None),
    }
    if district is not None:
        users[Role.DISTRICT_OFFICE] = _user("bench-district", Role.DISTRICT_OFFICE, district)
    if department is not None:
        users[Role.DEPARTMENT_OFFICER] = _user("bench-department", Role.DEPARTMENT_OFFICER, province, department)
    for role in (Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY):
        if (user := _seated(role, province)) is not None:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            users[role] = user
    return users


def _as(ctx: Context, user, case: str, label: str, url: str, target_ms: float | None) -> Result:
    ctx.pages.login(user)
    figures = measure(ctx.pages.getter(url, staff=True), repeat=ctx.repeat, warmup=ctx.warmup)
    return _result(case, label, figures, target_ms, f"`{url}` ({user.username})")


def dashboards_by_role(ctx: Context) -> list:
    """The dashboard where each office lands, and the all-communes indicator, as real users."""
    from django.urls import reverse

    from ocop.accounts.models import Role

    users = office_users(ctx.sample)
    s, url = ctx.sample, reverse("admin:program_dashboard")
    year = s.today.year
    commune = users[Role.COMMUNE_OFFICER].roles.get().unit
    results = [
        _as(ctx, users[Role.NATIONAL_OFFICE], "dashboards", "bảng điều khiển toàn quốc (văn phòng trung ương)",
            f"{url}?map=current&year={year}", DASHBOARD_MS),
        _as(ctx, users[Role.PROVINCE_OFFICE], "dashboards", f"bảng điều khiển tỉnh {s.province_name} (văn phòng tỉnh)",
            f"{url}?unit={s.province_id}&year={year}", DASHBOARD_MS),
        _as(ctx, users[Role.COMMUNE_OFFICER], "dashboards", f"bảng điều khiển xã {commune.name} (cán bộ xã)",
            f"{url}?unit={commune.pk}&year={year}", DASHBOARD_MS),
    ]
    for generation, label in (("current", "bản đồ mới"), ("legacy", "bản đồ cũ")):
        results.append(_as(ctx, users[Role.NATIONAL_OFFICE], "dashboards",
                           f"chỉ tiêu `products_certified` mọi xã, {label} (văn phòng trung ương)",
                           f"/api/v1/indicators/products_certified?year={year}&generation={generation}",
                           DASHBOARD_MS))
    return results


#: The admin home (the task inbox: counts and each section's first items, on top of the fixed
#: cost) is a back-office page like the dashboard: the issue's table gives pages of that weight
#: 150 ms (dashboards), so the home is held to the same.
HOME_MS = DASHBOARD_MS

#: Per-request attributes a real request starts without (the user is loaded from the session on
#: each request): the scope (ocop.accounts.scope) and Django's permission caches.
_PER_REQUEST = ("_ocop_scope", "_perm_cache", "_user_perm_cache", "_group_perm_cache")


def sidebar_builder(user):
    """One back-office page's fixed cost for USER, and nothing else: Unfold's per-request context
    (the sidebar's navigation with its permission callbacks, the badges' counts, the application
    list, the site's settings) and the sidebar's template rendered with it (every badge drawn), for
    a fresh request by a user object without its per-request caches — what any back-office page
    pays before its own work. No session or middleware: those are not the back office's."""
    import copy

    from django.contrib import admin
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    factory = RequestFactory()

    def run():
        request = factory.get("/admin/password_change/")
        fresh = copy.copy(user)
        for name in _PER_REQUEST:
            fresh.__dict__.pop(name, None)
        request.user = fresh
        context = admin.site.each_context(request)
        return render_to_string("unfold/helpers/navigation.html", context, request=request)

    return run


def fixed_cost(ctx: Context) -> list:
    """For every back-office role: the fixed cost of any back-office page (sidebar_builder, timed
    directly), and the admin home (the task inbox) through the whole stack."""
    from django.test import override_settings

    users = office_users(ctx.sample)
    results = []
    for role, user in users.items():
        figures = measure(sidebar_builder(user), repeat=ctx.repeat, warmup=ctx.warmup)
        results.append(_result("office", f"chi phí cố định trang quản trị (thanh bên, số đếm): {role.label}",
                               figures, FIXED_MS, f"`admin.site.each_context` + thanh bên ({user.username})"))
        # The same with the counts' cache off: the first page after a change to a counted record.
        with override_settings(OCOP_INBOX_CACHE_SECONDS=0):
            figures = measure(sidebar_builder(user), repeat=ctx.repeat, warmup=ctx.warmup)
        results.append(_result("office", f"… lần đầu sau một thay đổi (đếm lại): {role.label}", figures, None,
                               f"như trên, `OCOP_INBOX_CACHE_SECONDS=0` ({user.username})"))
    for role, user in users.items():
        results.append(_as(ctx, user, "office", f"trang chủ quản trị (việc cần làm): {role.label}", "/admin/", HOME_MS))
        with override_settings(OCOP_INBOX_CACHE_SECONDS=0):  # the first home after a change to its records
            result = _as(ctx, user, "office", f"… trang chủ lần đầu sau một thay đổi: {role.label}", "/admin/", None)
        result.note += ", `OCOP_INBOX_CACHE_SECONDS=0`"
        results.append(result)
    return results
