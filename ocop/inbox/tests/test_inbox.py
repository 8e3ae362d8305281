"""The task inbox: the admin index of every back-office role, and the sidebar badges."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.certificates.models import Certificate, Decision, DecisionItem
from ocop.core.testing import make_user
from ocop.cycle.models import ProducerVerification
from ocop.inbox import sidebar
from ocop.inbox.selectors import inbox_counts, inbox_keys
from ocop.rating.models import RatingResult, RatingRound, ScoreSheet
from ocop.rating.selectors import dossiers_with_pending_sheet
from ocop.rating.tests.factories import accepted_dossier, best_sheet, make_dossier
from ocop.rating.workflow import DossierStatus as S

pytestmark = pytest.mark.django_db


def sections(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response, {s.key: s for s in response.context["ocop_inbox"]}


def counts_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return inbox_counts(request), request


def test_commune_officer_sees_dossiers_to_review_overdue_first_and_producers_to_verify(client, personas, world):
    today = timezone.localdate()
    later = make_dossier(world.product_a, S.SUBMITTED, submitted_at=timezone.now(),
                         review_due_on=today + timedelta(days=10))
    overdue = make_dossier(world.product_a, S.SUBMITTED, submitted_at=timezone.now(),
                           review_due_on=today - timedelta(days=2))
    make_dossier(world.product_b, S.SUBMITTED, review_due_on=today)  # commune B: not ours
    make_dossier(world.product_a, S.DRAFT)  # not submitted: nothing to do
    verification = ProducerVerification.objects.create(producer=world.producer_a)

    response, found = sections(client, personas.commune_a)
    assert list(found) == ["review", "verify"]
    review = found["review"]
    assert review.count == 2
    assert [i.url for i in review.items] == [reverse("admin:rating_dossier_review", args=[d.pk]) for d in (overdue, later)]
    assert [i.overdue for i in review.items] == [True, False]
    assert found["verify"].items[0].url == reverse("admin:cycle_producerverification_change", args=[verification.pk])
    content = response.content.decode()
    assert "Hồ sơ chờ xã thẩm định" in content and "Quá hạn" in content
    assert "Tất cả chức năng" in content  # the app list stays reachable
    # Each item opens the page where the work is done.
    assert client.get(review.items[0].url).status_code == 200
    assert client.get(found["verify"].items[0].url).status_code == 200

    _, found_b = sections(client, personas.commune_b)
    assert found_b["review"].count == 1 and found_b["verify"].count == 0


def test_province_office_sections(client, personas, world):
    today = timezone.localdate()
    proposed = make_dossier(world.product_a, S.PROPOSED, proposed_at=timezone.now())
    empty_round = RatingRound.objects.create(level="province", unit=personas.units.dong_nai, year=2026, sequence=3,
                                             proposal_deadline=today, rating_deadline=today + timedelta(days=30))
    without_council = make_dossier(world.product_a, S.ACCEPTED, round=empty_round)
    complete = accepted_dossier(world, product=world.product_b)
    for seat in world.seats:
        ScoreSheet.objects.create(dossier=complete, member=seat, answers=best_sheet(), total=Decimal(100),
                                  submitted_at=timezone.now())
    half = accepted_dossier(world)
    ScoreSheet.objects.create(dossier=half, member=world.seats[0], submitted_at=timezone.now())
    rated = make_dossier(world.product_a, S.RATED, round=world.round)
    result = RatingResult.objects.create(product=world.product_a, dossier=rated, level="province",
                                         regime="qd26-2026", year=2026, average=Decimal(80), band_stars=4, stars=4,
                                         finalized_at=timezone.now())
    low = make_dossier(world.product_b, S.RATED, round=world.round)
    RatingResult.objects.create(product=world.product_b, dossier=low, level="province", regime="qd26-2026",
                                year=2026, average=Decimal(40), band_stars=2, stars=2, finalized_at=timezone.now())
    cert = _certificate(personas, world.product_a, valid_until=today + timedelta(days=150))
    _certificate(personas, world.product_b, valid_until=today + timedelta(days=400))  # window not open

    response, found = sections(client, personas.province)
    assert [k for k in found if k in
                                                                     ("accept", "council", "finalise", "decide", "rerate")] == ["accept", "council", "finalise", "decide", "rerate"]
    assert [i.url for i in found["accept"].items] == [reverse("admin:rating_dossier_change", args=[proposed.pk])]
    assert found["council"].count == 1
    assert found["council"].items[0].url == reverse("admin:rating_council_add") + f"?round={without_council.round_id}"
    assert [i.url for i in found["finalise"].items] == [
        reverse("admin:rating_dossier_result", args=[complete.pk, "province"])]
    assert found["decide"].count == 1 and "4★" in found["decide"].items[0].title
    assert found["decide"].items[0].url == reverse("admin:certificates_decision_issue_decision")
    assert [i.url for i in found["rerate"].items] == [reverse("admin:certificates_certificate_change", args=[cert.pk])]
    assert response.context["ocop_dashboard_url"] == reverse("admin:program_dashboard")
    for key in ("accept", "council", "finalise", "decide", "rerate"):
        assert client.get(found[key].items[0].url).status_code == 200, key

    # Recognised by a decision: no longer waiting.
    decision = Decision.objects.create(issuer_level="province", issuer_unit=personas.units.dong_nai,
                                       issuer_key=f"province:{personas.units.dong_nai.pk}", year=2026,
                                       number="99/QĐ-UBND", signed_on=today)
    DecisionItem.objects.create(decision=decision, result=result, stars=4)
    _, found = sections(client, personas.province)
    assert found["decide"].count == 0
    # Out of scope: the other province sees none of it.
    _, other = sections(client, personas.other_province)
    assert all(section.count == 0 for section in other.values())


def _certificate(personas, product, *, valid_until):
    result = RatingResult.objects.create(product=product, level="province", regime="qd148-2023", year=2024,
                                         average=Decimal(60), band_stars=3, stars=3, is_historical=True)
    decision = Decision.objects.create(issuer_level="province", issuer_unit=personas.units.dong_nai,
                                       issuer_key=f"province:{personas.units.dong_nai.pk}", year=2024,
                                       number=f"{result.pk}/QĐ-UBND", signed_on=valid_until - timedelta(days=1095),
                                       is_historical=True)
    return Certificate.objects.create(product=product, result=result, decision=decision, stars=3,
                                      issued_on=valid_until - timedelta(days=1095), valid_until=valid_until)


def test_council_member_sees_the_sheets_to_fill_until_submitted(client, world):
    dossier = accepted_dossier(world)
    member = world.members[1]
    _, found = sections(client, member)
    assert list(found) == ["sheets"]
    assert [i.url for i in found["sheets"].items] == [
        reverse("admin:rating_dossier_scoring", args=[dossier.pk, "province"])]
    assert client.get(found["sheets"].items[0].url).status_code in (200, 302)
    ScoreSheet.objects.create(dossier=dossier, member=world.seats[1], submitted_at=timezone.now())
    _, found = sections(client, member)
    assert found["sheets"].count == 0
    assert world.members[0] in [m for m in world.members if dossiers_with_pending_sheet(m).exists()]


def test_pending_sheets_query_has_no_distinct(world):
    accepted_dossier(world)
    sql = str(dossiers_with_pending_sheet(world.members[0]).query).upper()
    assert "DISTINCT" not in sql and "EXISTS" in sql
    assert dossiers_with_pending_sheet(world.members[0]).count() == 1


def test_department_officer_sees_open_tasks_by_deadline(client, personas):
    from ocop.program.models import Department, DepartmentTask

    department = Department.objects.create(unit=personas.units.dong_nai, name="Sở Nông nghiệp và Môi trường")
    other = Department.objects.create(unit=personas.units.dong_nai, name="Sở Công Thương")
    officer = make_user("so_nn_test", Role.DEPARTMENT_OFFICER, personas.units.dong_nai, department=department)
    # Another department's task is readable by this officer but not work waiting for them.
    DepartmentTask.objects.create(unit=personas.units.dong_nai, title="Hội chợ", lead=other,
                                  deadline=timezone.localdate() - timedelta(days=9))
    today = timezone.localdate()
    late = DepartmentTask.objects.create(unit=personas.units.dong_nai, title="Kiểm tra điểm bán", lead=department,
                                         deadline=today - timedelta(days=3))
    soon = DepartmentTask.objects.create(unit=personas.units.dong_nai, title="Tập huấn chủ thể", lead=department,
                                         deadline=today + timedelta(days=3))
    DepartmentTask.objects.create(unit=personas.units.dong_nai, title="Xong rồi", lead=department,
                                  deadline=today, status="done")
    _, found = sections(client, officer)
    assert found["tasks"].count == 2
    assert [i.url for i in found["tasks"].items] == [
        reverse("admin:program_departmenttask_change", args=[t.pk]) for t in (late, soon)]
    assert found["tasks"].items[0].overdue
    assert client.get(found["tasks"].items[0].url).status_code == 200


def test_sidebar_badges_are_the_inbox_counts(client, personas, world):
    today = timezone.localdate()
    for days in (-1, 5, 9):
        make_dossier(world.product_a, S.SUBMITTED, review_due_on=today + timedelta(days=days))
    counts, request = counts_for(personas.commune_a)
    assert counts == {"review": 3, "verify": 0}
    assert sidebar.badge_review(request) == "3"
    assert sidebar.badge_verify(request) == ""
    assert sidebar.badge_sheets(request) == ""
    response, found = sections(client, personas.commune_a)
    assert found["review"].count == 3
    content = response.content.decode()
    assert "Hồ sơ chờ xã thẩm định" in content  # the sidebar item, shown to this role only
    _, province_request = counts_for(personas.province)
    assert "review" not in inbox_keys(personas.province)
    assert sidebar._permission("review")(province_request) is False


def test_landing_page_queries_are_bounded(client, personas, world, django_assert_max_num_queries):
    today = timezone.localdate()
    for days in range(12):
        make_dossier(world.product_a, S.SUBMITTED, review_due_on=today + timedelta(days=days))
    client.force_login(personas.province)
    client.get(reverse("admin:index"))
    with django_assert_max_num_queries(40):
        assert client.get(reverse("admin:index")).status_code == 200


def test_producer_and_anonymous_get_no_inbox(client, personas):
    assert inbox_keys(personas.producer) == []
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_every_count_of_the_sidebar_is_one_query(personas, world, django_assert_num_queries):
    accepted_dossier(world)

    def request_of(user):
        request = RequestFactory().get("/admin/")
        request.user = user
        return request

    for user in (personas.province, world.members[0]):
        inbox_counts(request_of(user))  # warms the user's scopes (cached on the user, once per request)
    request = request_of(personas.province)
    with django_assert_num_queries(1):
        counts = inbox_counts(request)
        assert inbox_counts(request) is counts  # cached on the request
    assert counts == {"accept": 0, "council": 0, "finalise": 0, "decide": 0, "rerate": 0, "revoke": 0, "tasks": 0}
    with django_assert_num_queries(1):
        assert inbox_counts(request_of(world.members[0])) == {"sheets": 1}


#: The admin home's queries by role (session, user, permissions, scope, the inbox counts and the
#: overdue reviews badge in one query, each section's first items, notifications, recent actions):
#: pinned, so that a change to the back office's fixed cost shows here. The application list is
#: built once per page.
HOME_QUERIES = {"national": 9, "province": 9, "commune_a": 9, "auditor": 9}


def test_admin_home_queries_per_role_are_pinned_and_the_app_list_is_built_once(client, personas, world,
                                                                                monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from unfold.sites import UnfoldAdminSite

    built = []
    original = UnfoldAdminSite.get_app_list

    def counting(self, request, app_label=None):
        built.append(app_label)
        return original(self, request, app_label)

    monkeypatch.setattr(UnfoldAdminSite, "get_app_list", counting)
    measured = {}
    for name in HOME_QUERIES:
        client.force_login(getattr(personas, name))
        client.get(reverse("admin:index"))
        built.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("admin:index")).status_code == 200
        measured[name] = len(captured.captured_queries)
        assert built == [None]
    assert measured == HOME_QUERIES


def test_the_counts_follow_a_new_role_and_a_new_day(personas, world, monkeypatch):
    """The counts query's SQL is compiled once per user, scope and day (ocop.inbox.selectors):
    a role given later, or the next day, gets its own."""
    from datetime import date

    from ocop.accounts.models import User
    from ocop.core.testing import ensure_role

    def counts(user):
        request = RequestFactory().get("/admin/")
        request.user = User.objects.get(pk=user.pk)  # a new request: the scope is read again
        return inbox_counts(request)

    user = personas.province
    assert "review" not in counts(user)
    ensure_role(user, Role.COMMUNE_OFFICER, world.product_a.unit)
    assert counts(user)["review"] == 0
    make_dossier(world.product_a, S.SUBMITTED)
    assert counts(user)["review"] == 1
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2099, 1, 1))
    assert counts(user)["review"] == 1


def test_counts_sql_is_compiled_once_per_scope_and_day_and_equals_the_users_own(personas):
    """The cache (functools.lru_cache) is keyed on the user's scope and the day; the SQL compiled
    for its stand-in is the SQL compiled for the real user."""
    from ocop.inbox.selectors import _compiled_counts, _counts_query, _counts_sql

    _compiled_counts.cache_clear()
    for user in (personas.commune_a, personas.commune_b, personas.province, personas.superuser):
        keys = inbox_keys(user, has_seat=True)
        sql, params = _counts_query(user, keys).query.sql_with_params()
        assert _counts_sql(user, keys) == (sql, tuple(params))
        assert _counts_sql(user, keys) == (sql, tuple(params))  # the second time from the cache
    info = _compiled_counts.cache_info()
    assert (info.misses, info.hits) == (4, 4)


def test_counts_cache_holds_no_request_object(personas):
    """Nothing of the request (its user) stays alive in the compiled-SQL cache."""
    import gc
    import weakref

    from ocop.accounts.models import User

    user = User.objects.get(pk=personas.commune_a.pk)
    counts, request = counts_for(user)
    assert set(counts) == {"review", "verify"}
    user_ref, request_ref = weakref.ref(user), weakref.ref(request)
    del user, request
    gc.collect()
    assert user_ref() is None and request_ref() is None


def _fresh_request(user):
    from ocop.accounts.models import User

    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(pk=user.pk)  # a new request: the scope is read again
    return request


def test_the_overdue_reviews_badge_is_read_from_the_counts_row(personas, world, django_assert_num_queries):
    today = timezone.localdate()
    make_dossier(world.product_a, S.SUBMITTED, review_due_on=today - timedelta(days=3))
    make_dossier(world.product_a, S.SUBMITTED, review_due_on=today + timedelta(days=3))
    make_dossier(world.product_b, S.SUBMITTED, review_due_on=today - timedelta(days=3))  # commune B
    request = _fresh_request(personas.commune_a)
    inbox_counts(request)
    with django_assert_num_queries(0):
        assert sidebar.badge_overdue(request) == "1"
    assert sidebar.badge_overdue(_fresh_request(personas.province)) == "2"
    assert sidebar.badge_overdue(_fresh_request(personas.auditor)) == "2"


def test_cached_counts_run_no_query_and_every_counted_write_is_seen(personas, world, settings,
                                                                   django_assert_num_queries):
    """With the shared cache on (ocop.inbox.counts_cache), a second page's badges run no count
    query, and a write to a counted record (a dossier submitted, a result recognised) shows on the
    next page: the cached counts equal the live ones after each write."""
    settings.OCOP_INBOX_CACHE_SECONDS = 60

    def live(user):
        settings.OCOP_INBOX_CACHE_SECONDS = 0
        try:
            request = _fresh_request(user)
            return inbox_counts(request), overdue_counts(request)
        finally:
            settings.OCOP_INBOX_CACHE_SECONDS = 60

    def cached(user):
        request = _fresh_request(user)
        return inbox_counts(request), overdue_counts(request)

    from ocop.inbox.selectors import overdue_reviews_count as overdue_counts

    users = (personas.commune_a, personas.province, personas.national)
    for user in users:
        assert cached(user) == live(user)
    request = _fresh_request(personas.province)
    from ocop.accounts.scope import scope_for

    scope_for(request.user)
    expected = live(personas.province)[0]
    with django_assert_num_queries(0):
        assert inbox_counts(request) == expected

    today = timezone.localdate()
    dossier = make_dossier(world.product_a, S.SUBMITTED, review_due_on=today - timedelta(days=1))
    assert cached(personas.commune_a)[0]["review"] == 1 and cached(personas.commune_a)[1] == 1
    dossier.status = S.PROPOSED
    dossier.save()
    assert cached(personas.province)[0]["accept"] == 1
    assert cached(personas.commune_a) == live(personas.commune_a)

    result = RatingResult.objects.create(product=world.product_a, dossier=dossier, level="province",
                                         regime="qd26-2026", year=2026, average=Decimal(80), band_stars=4, stars=4,
                                         finalized_at=timezone.now())
    assert cached(personas.province)[0]["decide"] == 1
    decision = Decision.objects.create(issuer_level="province", issuer_unit=personas.units.dong_nai,
                                       issuer_key=f"province:{personas.units.dong_nai.pk}", year=2026,
                                       number="98/QĐ-UBND", signed_on=today)
    DecisionItem.objects.create(decision=decision, result=result, stars=4)
    assert cached(personas.province)[0]["decide"] == 0
    for user in users:
        assert cached(user) == live(user)


def test_a_section_with_records_costs_two_queries_on_the_home(client, personas, world):
    """Its ids (the count's plan, no order), then its first items ordered and joined (_first_items)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        make_dossier(world.product_a, S.PROPOSED, round=world.round)
    client.force_login(personas.province)
    client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:index"))
    found = {s.key: s for s in response.context["ocop_inbox"]}
    assert found["accept"].count == 3 and len(found["accept"].items) == 3
    assert len(captured.captured_queries) == HOME_QUERIES["province"] + 2


def test_sidebar_links_are_resolved_once_and_follow_the_script_prefix(personas):
    """The sidebar's lazy links are resolved once per process and script prefix (admin_site._link),
    and every item the template reads carries its keys: the same links as reverse() gives."""
    from django.contrib import admin
    from django.urls import reverse_lazy, set_script_prefix

    from ocop.inbox.admin_site import _ITEM_KEYS, _link

    link = reverse_lazy("admin:rating_dossier_changelist")
    assert _link(link) == "/admin/rating/dossier/" and _link(link) is _link(link)
    set_script_prefix("/ocop/")
    try:
        assert _link(link) == "/ocop/admin/rating/dossier/"
    finally:
        set_script_prefix("/")
    request = RequestFactory().get("/admin/")
    request.user = personas.province
    groups = admin.site.get_sidebar_list(request)
    items = [item for group in groups for item in group["items"]]
    assert all(isinstance(item["link"], str) and all(key in item for key in _ITEM_KEYS) for item in items)
    assert reverse("admin:rating_dossier_changelist") in [item["link"] for item in items]


def test_cached_home_sections_equal_the_live_ones_after_each_write(client, personas, world, settings):
    """With the shared cache on, the landing page's sections (counts and first items) are kept
    until a record they show changes: a new proposed dossier, a renamed product and a dossier moved
    on each show on the next page, equal to the page built live."""
    settings.OCOP_INBOX_CACHE_SECONDS = 60

    def shown(cache_on: bool):
        settings.OCOP_INBOX_CACHE_SECONDS = 60 if cache_on else 0
        response = client.get(reverse("admin:index"))
        settings.OCOP_INBOX_CACHE_SECONDS = 60
        return [(s.key, s.count, [(i.title, i.url) for i in s.items]) for s in response.context["ocop_inbox"]]

    client.force_login(personas.province)
    first = make_dossier(world.product_a, S.PROPOSED, round=world.round)
    assert shown(True) == shown(False)
    make_dossier(world.product_b, S.PROPOSED, round=world.round)
    assert shown(True) == shown(False) and dict((k, n) for k, n, _i in shown(True))["accept"] == 2
    world.product_a.name = "Tên mới của sản phẩm"
    world.product_a.save()
    assert any("Tên mới của sản phẩm" in title for _k, _n, items in shown(True) for title, _u in items)
    first.status = S.REJECTED
    first.save()
    assert shown(True) == shown(False) and dict((k, n) for k, n, _i in shown(True))["accept"] == 1
