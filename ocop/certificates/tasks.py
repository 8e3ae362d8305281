"""Background work of the certificates app (django.tasks; run by `ocop db_worker`, scheduled by
`ocop crontask`).

* generate_certificates — enqueued when a recognition decision commits: one certificate per
  recognised result and its stored PDF. Idempotent: run it twice, get the same certificates.
* resume_certificates — every 15 minutes: a decision older than 10 minutes that still lacks a
  certificate or a PDF had its job cut short (a worker killed mid-job; django-tasks-db never runs
  that job again): generate_certificates runs for it again, which makes only what is missing.
* daily_lifecycle — every morning at 06:00 (Asia/Ho_Chi_Minh): re-rating reminders at 180, 150
  and 120 days before expiry and expiry notices, each exactly once (see reminders.py). Statuses
  themselves are never stored, so there is nothing else to update.
* daily_deadlines — every morning at 06:30: the offices' alerts before each rating round's
  deadlines and on a re-rating's 45-day limit, each once per deadline and person (deadlines.py).
* standings_roll — just after midnight: each product whose shown certificate changes today (one
  expired, one starts) gets its new standing (ocop.certificates.standing); until it has run, the
  catalog reads the certificates directly, so nothing is ever shown wrong.
"""

from django.tasks import task

from ocop.core.schedule import cron


@task
def generate_certificates(decision_id: int) -> dict:
    from ocop.certificates.issuing import certificate_store_pdf, certificates_issue
    from ocop.certificates.models import Decision

    decision = Decision.objects.get(pk=decision_id)
    certificates = certificates_issue(decision=decision)
    rendered = 0
    for certificate in certificates:
        if not certificate.pdf:
            certificate_store_pdf(certificate=certificate)
            rendered += 1
    return {"decision": decision.number, "certificates": len(certificates), "pdf_rendered": rendered}


@cron("*/15 * * * *")
@task
def resume_certificates(min_age_minutes: int = 10) -> dict:
    from datetime import timedelta

    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from ocop.certificates.models import Certificate, Decision, DecisionItem

    missing_certificate = DecisionItem.objects.filter(decision=OuterRef("pk"), result__certificate__isnull=True)
    missing_pdf = Certificate.objects.filter(decision=OuterRef("pk"), pdf="")
    # Younger decisions may still be in the hands of a live worker.
    ids = list(
        Decision.objects.filter(kind=Decision.Kind.RECOGNITION,
                                created_at__lt=timezone.now() - timedelta(minutes=min_age_minutes))
        .filter(Exists(missing_certificate) | Exists(missing_pdf))
        .order_by("pk").values_list("pk", flat=True)
    )
    for decision_id in ids:
        generate_certificates.call(decision_id)
    return {"decisions": len(ids)}


@task
def render_missing_pdfs(batch: int = 100) -> dict:
    from ocop.certificates.batch import render_missing_pdfs as render

    return render(limit=batch)


@cron("0 6 * * *")
@task
def daily_lifecycle() -> dict:
    from ocop.certificates.reminders import lifecycle_run

    return lifecycle_run()


@cron("30 6 * * *")
@task
def daily_deadlines() -> dict:
    from ocop.certificates.deadlines import deadlines_run

    return deadlines_run()


@cron("1 0 * * *")
@task
def standings_roll() -> dict:
    from ocop.certificates.standings import product_standings_refresh

    return {"products": product_standings_refresh()}
