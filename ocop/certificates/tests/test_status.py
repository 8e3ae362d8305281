"""The one certificate status (ocop.certificates.status): the rules, SQL equal to Python on generated
dates on the real database, in force, the one value, and no label table anywhere else."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocop.certificates.models import Certificate
from ocop.certificates.status import (
    IN_FORCE,
    LABELS,
    CertificateDates,
    CertificateStatus,
    in_force_q,
    last_valid_day_between,
    last_valid_day_between_q,
    live_status_expression,
    live_status_on,
    revocation_due_on,
    status_expression,
    status_on,
    with_live_status,
    with_status,
)
from ocop.certificates.tests.factories import issue, make_result
from ocop.registry.models import Product
from ocop.registry.tests.factories import ProductFactory

D = date
DAY = timedelta(days=1)
ISSUED = D(2026, 6, 15)
UNTIL = D(2029, 6, 15)


def dates(issued=ISSUED, until=UNTIL, revoked=None, extended=None, finding=None) -> CertificateDates:
    return CertificateDates(pk=1, stars=4, issued_on=issued, valid_until=until, revoked_on=revoked,
                            extended_until=extended, revocation_finding_on=finding)


@pytest.mark.parametrize(
    ("today", "revoked_on", "expected"),
    [
        (D(2026, 7, 1), None, CertificateStatus.VALID),
        (UNTIL - timedelta(days=181), None, CertificateStatus.VALID),
        (UNTIL - timedelta(days=180), None, CertificateStatus.EXPIRING),  # the re-rating window opens
        (UNTIL, None, CertificateStatus.EXPIRING),  # still valid on its last day
        (UNTIL + DAY, None, CertificateStatus.EXPIRED),
        (D(2027, 1, 1), D(2027, 1, 1), CertificateStatus.REVOKED),  # revoked from the decision day
        (D(2026, 12, 31), D(2027, 1, 1), CertificateStatus.VALID),  # a revocation dated tomorrow is not yet in force
        (UNTIL + timedelta(days=30), D(2027, 1, 1), CertificateStatus.REVOKED),  # revoked wins over expired
    ],
)
def test_the_status_of_a_certificate(today, revoked_on, expected):
    assert status_on(dates(revoked=revoked_on), today, window_days=180) == expected


def test_the_expiring_window_is_a_parameter():
    today = UNTIL - timedelta(days=100)
    assert status_on(dates(), today, window_days=90) == CertificateStatus.VALID
    assert status_on(dates(), today, window_days=100) == CertificateStatus.EXPIRING


def test_an_extension_keeps_the_certificate_in_force_to_its_last_day():
    extended = dates(extended=UNTIL + timedelta(days=180))
    assert status_on(extended, UNTIL + timedelta(days=180), window_days=180) == CertificateStatus.EXPIRING
    assert status_on(extended, UNTIL + timedelta(days=181), window_days=180) == CertificateStatus.EXPIRED
    assert extended.last_day_in_force == UNTIL + timedelta(days=180)


def test_in_force_from_the_issue_day_to_the_day_before_the_revocation():
    revoked = dates(revoked=D(2027, 1, 1))
    assert not revoked.in_force_on(ISSUED - DAY)
    assert revoked.in_force_on(ISSUED) and revoked.in_force_on(D(2026, 12, 31))
    assert not revoked.in_force_on(D(2027, 1, 1))
    assert revoked.last_day_in_force == D(2026, 12, 31)


def test_counting_knows_the_four_statuses_of_the_law_and_the_live_status_one_more():
    """QĐ 26/2026 knows revocation and expiry only: counting never says "suspended"; the live status
    of the display surfaces does, for the 15 days of a revocation procedure (Art. 8.4)."""
    assert [s.value for s in CertificateStatus] == ["valid", "expiring", "expired", "revoked", "suspended"]
    assert set(LABELS) == set(CertificateStatus)
    assert IN_FORCE == (CertificateStatus.VALID, CertificateStatus.EXPIRING)
    found = dates(finding=D(2027, 1, 1))
    assert status_on(found, D(2027, 1, 1)) == CertificateStatus.VALID and found.in_force_on(D(2027, 1, 1))
    assert live_status_on(found, D(2027, 1, 1)) == CertificateStatus.SUSPENDED
    assert revocation_due_on(found) == D(2027, 1, 16)


@pytest.mark.parametrize(
    ("today", "finding", "revoked", "expected"),
    [
        (D(2026, 12, 31), D(2027, 1, 1), None, CertificateStatus.VALID),  # a finding dated tomorrow: not yet
        (D(2027, 1, 1), D(2027, 1, 1), None, CertificateStatus.SUSPENDED),
        (D(2027, 3, 1), D(2027, 1, 1), None, CertificateStatus.SUSPENDED),  # past the 15 days: still in force
        (UNTIL - DAY, D(2027, 1, 1), None, CertificateStatus.SUSPENDED),  # suspended wins over expiring
        (UNTIL + DAY, D(2027, 1, 1), None, CertificateStatus.EXPIRED),  # expired wins over suspended
        (D(2027, 1, 10), D(2027, 1, 1), D(2027, 1, 10), CertificateStatus.REVOKED),  # the revocation supersedes
        (D(2027, 1, 9), D(2027, 1, 1), D(2027, 1, 10), CertificateStatus.SUSPENDED),
    ],
)
def test_the_live_status(today, finding, revoked, expected):
    assert live_status_on(dates(finding=finding, revoked=revoked), today, window_days=180) == expected


# --- SQL and Python agree, on the real database ----------------------------------------------------

@pytest.fixture
def row(personas) -> Certificate:
    _, [made] = issue([make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"))])
    return made


@st.composite
def certificate_dates(draw):
    issued = ISSUED + timedelta(days=draw(st.integers(-2000, 2000)))
    until = issued + timedelta(days=draw(st.integers(0, 1200)))
    extended = draw(st.one_of(st.none(), st.integers(1, 200).map(lambda n: until + timedelta(days=n))))
    revoked = draw(st.one_of(st.none(), st.integers(-5, 1500).map(lambda n: issued + timedelta(days=n))))
    finding = draw(st.one_of(st.none(), st.integers(-5, 1500).map(lambda n: issued + timedelta(days=n))))
    window = draw(st.sampled_from([0, 1, 90, 180]) | st.integers(0, 400))
    # Today near a boundary: a date of the certificate (or its window's start), give or take two days.
    anchors = [issued, until, until - timedelta(days=window)] + [d for d in (extended, revoked, finding) if d]
    today = draw(st.one_of(
        st.sampled_from(anchors).flatmap(lambda d: st.integers(-2, 2).map(lambda n: d + timedelta(days=n))),
        st.integers(-3000, 3000).map(lambda n: ISSUED + timedelta(days=n)),
    ))
    return CertificateDates(pk=0, stars=4, issued_on=issued, valid_until=until, revoked_on=revoked,
                            extended_until=extended, revocation_finding_on=finding), today, window


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=certificate_dates())
def test_sql_and_python_agree_on_generated_dates(row, case):
    value, today, window = case
    Certificate.objects.filter(pk=row.pk).update(
        issued_on=value.issued_on, valid_until=value.valid_until, extended_until=value.extended_until,
        revoked_on=value.revoked_on, revocation_decision=row.decision if value.revoked_on else None,
        revocation_finding_on=value.revocation_finding_on,
    )
    one = Certificate.objects.filter(pk=row.pk)
    expected = status_on(value, today, window_days=window)
    assert with_status(one, today=today, window_days=window).get().status == expected
    through_product = Product.objects.filter(pk=row.product_id).annotate(
        s=status_expression(today=today, window_days=window, prefix="certificates__"))
    assert through_product.get().s == expected

    # The live status: SQL = Python; it is the counting status but for SUSPENDED, only in force.
    live = live_status_on(value, today, window_days=window)
    assert with_live_status(one, today=today, window_days=window).get().status == live
    assert Product.objects.filter(pk=row.product_id).annotate(
        s=live_status_expression(today=today, window_days=window, prefix="certificates__")).get().s == live
    if live == CertificateStatus.SUSPENDED:
        assert expected in IN_FORCE
    else:
        assert live == expected

    in_force = value.in_force_on(today)
    assert in_force == (value.issued_on <= today and expected in IN_FORCE)
    assert in_force == (value.issued_on <= today <= value.last_day_in_force)
    assert one.filter(in_force_q(today)).exists() == in_force
    assert Product.objects.filter(in_force_q(today, "certificates__"), pk=row.product_id).exists() == in_force

    # The last valid day in a period (expired in a past one, lapsing in a coming one): SQL = Python.
    start, end = today, today + timedelta(days=window)
    lapses = last_valid_day_between(value, start, end)
    assert one.filter(last_valid_day_between_q(start, end)).exists() == lapses


# --- No status label table anywhere else -----------------------------------------------------------

OCOP = Path(__file__).resolve().parents[2]
#: A dict entry keyed by a certificate status, or a status label written out.
TABLE_ENTRY = re.compile(
    r"""^\s*\{?\s*(?:(?:lifecycle|CertificateStatus)\.(?:VALID|EXPIRING|EXPIRED|REVOKED|SUSPENDED)"""
    r"""|["'](?:valid|expiring|expired|revoked|suspended)["'])\s*:"""
)
LABEL_TEXTS = ('"Còn hiệu lực"', '"Đã thu hồi"', '"Còn hiệu lực, sắp hết hạn"', '"ĐÃ THU HỒI"', '"CON_HIEU_LUC"',
               '"SAP_HET_HAN"', '"GIẤY CHỨNG NHẬN ĐÃ BỊ THU HỒI"', '"GIẤY CHỨNG NHẬN ĐÃ HẾT HẠN"',
               '"Đang xử lý thu hồi"', '"DANG_XU_LY_THU_HOI"')
#: The producers' documents (licences, test reports) have their own three-state status, by their
#: own expiry date: a different record, not the certificate's (registry may not import certificates).
NOT_CERTIFICATES = {OCOP / "registry" / "status.py"}


def _sources():
    for path in sorted(OCOP.rglob("*")):
        if path.suffix not in (".py", ".html") or path == OCOP / "certificates" / "status.py":
            continue
        if {"tests", "migrations", "locale"} & set(path.relative_to(OCOP).parts) or path in NOT_CERTIFICATES:
            continue
        yield path


def test_no_status_label_table_outside_status_py():
    found = []
    for path in _sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if TABLE_ENTRY.search(line) or any(text in line for text in LABEL_TEXTS):
                found.append(f"{path.relative_to(OCOP)}:{number}: {line.strip()}")
    assert found == []


def test_the_grep_finds_a_table():
    """The check above can fail: it finds the tables this module replaced."""
    old = ['STATUS_LABELS = {', '    lifecycle.VALID: (_("Còn hiệu lực"), "badge-ok"),',
           'NATIONAL_STATUS = {"valid": "CON_HIEU_LUC", "expiring": "SAP_HET_HAN"}',
           '<div class="mark">{% translate "ĐÃ THU HỒI" %}</div>']
    assert all(TABLE_ENTRY.search(line) or any(text in line for text in LABEL_TEXTS) for line in old[1:])
