"""The life of an OCOP certificate, as plain date arithmetic (pure module: no Django, no database).

Validity (QĐ 26/2026 Art. 4.3: "36 tháng kể từ ngày cơ quan có thẩm quyền ban hành")
    ``valid_until = issued_on + 36 months``, the *same* calendar day: a certificate issued on
    15/06/2026 is valid up to and including 15/06/2029. This follows the Civil Code 2015
    (Bộ luật Dân sự), Art. 147 (the day a period is counted from is not itself counted) and
    Art. 148.1 (a period in months ends at the end of the corresponding day of the last month;
    when that month has no such day, on its last day: 29/02/2028 + 36 months = 28/02/2031).
    It also matches the contract (docs/rating-contract.md). The certificate is expired from the
    day after ``valid_until``.

Status and in force (never stored)
    ocop.certificates.status is their one place (SQL and Python from one table); the certificate
    is expiring from ``EXPIRING_DAYS`` (180: the re-rating window opens) before its last valid day.

Re-rating window (Art. 7.6.a)
    File no earlier than 180 days and no later than 120 days before expiry:
    ``opens_on = valid_until − 180 days``, ``closes_on = valid_until − 120 days``, both included.

Transition (Art. 12.3)
    A certificate issued before QĐ 26/2026 took effect (22/05/2026) whose window had already
    closed that day (``valid_until − 120 days < 22/05/2026``) could not meet Art. 7.6.a: it may
    file a re-rating up to 180 days after expiry (``closes_on = valid_until + 180 days``), and once
    filed it stays in force until the result, for at most 180 days after expiry
    (``extended_until``; the last valid day is ``max(valid_until, extended_until)``).

Reminders (180, 150 and 120 days before expiry)
    The daily job sends the reminder of threshold T when ``T − 30 < days left ≤ T``: the three
    thresholds partition (90, 180], so a day the job missed is caught up by the next run, but a
    threshold passed long ago is never sent late (an operator who loads a certificate with 40 days
    left does not get a "180 days left" message). Threshold 0 is the expiry notice, sent once in
    the 30 days after expiry.

Revocation (Art. 8)
    The authority is the province for 3★ and 4★ (and, now that districts are gone, for 3★
    certificates a district issued under QĐ 148) and the ministry (central) for 5★. The decision
    is due within 15 days of the finding (the competent body's conclusion, or the commune's
    confirmation that the producer stopped producing).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from ocop.rating.next_steps import may_recognise

CERTIFICATE_MONTHS = 36
EXPIRING_DAYS = 180
RERATING_OPENS_DAYS = 180
RERATING_CLOSES_DAYS = 120
REMINDER_THRESHOLDS = (180, 150, 120)
QD26_EFFECTIVE = date(2026, 5, 22)  # QĐ 26/2026/QĐ-TTg in force (Art. 11)
TRANSITION_EXTENSION_DAYS = 180  # Art. 12.3
TRANSITION_BASIS = "Khoản 3 Điều 12 Quyết định số 26/2026/QĐ-TTg"
EXPIRY_NOTICE = 0
CATCH_UP_DAYS = 30
REVOCATION_DAYS = 15

PROVINCE, CENTRAL, DISTRICT = "province", "central", "district"


def add_months(day: date, months: int) -> date:
    """DAY moved by MONTHS calendar months, clamped to the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def valid_until_for(issued_on: date, months: int = CERTIFICATE_MONTHS) -> date:
    """The last day of validity of a certificate issued on ISSUED_ON (see the module notes)."""
    return add_months(issued_on, months)


def days_left(valid_until: date, today: date) -> int:
    """Days from TODAY to the last valid day: 0 on that day, negative once expired."""
    return (valid_until - today).days


def transition_covered(issued_on: date, valid_until: date) -> bool:
    """Art. 12.3: issued before 22/05/2026, with the Art. 7.6.a window closed before that day."""
    return issued_on < QD26_EFFECTIVE and valid_until - timedelta(days=RERATING_CLOSES_DAYS) < QD26_EFFECTIVE


def transition_extension_until(valid_until: date) -> date:
    return valid_until + timedelta(days=TRANSITION_EXTENSION_DAYS)


def rerating_window(valid_until: date, *, covered: bool = False) -> tuple[date, date]:
    """(first, last) day on which a re-rating dossier may be filed, both included (COVERED: by
    Art. 12.3, the last day is the end of the longest extension)."""
    last = transition_extension_until(valid_until) if covered else valid_until - timedelta(days=RERATING_CLOSES_DAYS)
    return valid_until - timedelta(days=RERATING_OPENS_DAYS), last


def rerating_window_state(valid_until: date, today: date, *, covered: bool = False) -> str:
    """"before", "open" or "closed" for a re-rating filed TODAY."""
    opens_on, closes_on = rerating_window(valid_until, covered=covered)
    if today < opens_on:
        return "before"
    return "open" if today <= closes_on else "closed"


def due_reminder(
    valid_until: date,
    today: date,
    thresholds: tuple[int, ...] = REMINDER_THRESHOLDS,
    catch_up: int = CATCH_UP_DAYS,
) -> int | None:
    """The threshold whose reminder is due TODAY (None when none is): see the module notes.

    Returns EXPIRY_NOTICE (0) in the CATCH_UP days after expiry."""
    left = days_left(valid_until, today)
    if -catch_up < left < 0:
        return EXPIRY_NOTICE
    for threshold in sorted(thresholds):
        if threshold - catch_up < left <= threshold:
            return threshold
    return None


def revocation_deadline(finding_on: date) -> date:
    """The last day for the revocation decision (Art. 8.4: 15 days from the finding)."""
    return finding_on + timedelta(days=REVOCATION_DAYS)


def revocation_is_late(finding_on: date, decided_on: date) -> bool:
    return decided_on > revocation_deadline(finding_on)


#: Art. 8.2: the minister revokes certificates of this many stars, the province the others.
CENTRAL_REVOCATION_STARS = 5


def revocation_authority(stars: int) -> str:
    """The level that revokes a certificate of STARS stars (Art. 8.2)."""
    return CENTRAL if stars >= CENTRAL_REVOCATION_STARS else PROVINCE


def recognition_refusal(
    *,
    issuer_level: str,
    result_level: str,
    stars: int,
    average,
    potential_5_star: bool,
    is_historical: bool,
    declined: bool = False,
) -> str | None:
    """Why an ISSUER_LEVEL decision may not recognise a result, or None when it may (Art. 4, 7).

    The rules of a (non-historical) council result are ocop.rating.next_steps's:
    - central: 5★ from a central result;
    - province: 3★/4★ from a province result (a result of 90 or more that missed a 5★ minimum
      included; a potential 5★ goes to the central council instead), or 3★/4★ from a central
      result, whatever its average (Art. 7.4.g); a potential 5★ province result whose chair
      declined to send it to the Ministry at 4★;
    - district: only historical 3★ results of a district council (QĐ 148, before 07/2025).

    Historical results (QĐ 1048/148 councils) are recognised by their own level, as they were.
    The codes are translated by the caller.
    """
    if stars < 3:
        return "below_3_stars"
    if issuer_level == CENTRAL:
        if result_level != CENTRAL:
            return "not_central_result"
        return None if stars == 5 else "central_needs_5_stars"
    if issuer_level == PROVINCE:
        if result_level == PROVINCE and declined and may_recognise(PROVINCE, result_level, average, stars,
                                                                  declined=True):
            return None  # the chair declined to send it to the Ministry: recognised at 4★
        if stars > 4:
            return "province_max_4_stars"
        if result_level == PROVINCE and is_historical:
            return None
        if result_level in (PROVINCE, CENTRAL) and may_recognise(PROVINCE, result_level, average, stars):
            return None
        return "wrong_level"
    if issuer_level == DISTRICT:
        if not is_historical:
            return "district_historical_only"
        return None if result_level == DISTRICT and stars == 3 else "wrong_level"
    return "wrong_level"
