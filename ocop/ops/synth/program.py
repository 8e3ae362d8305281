"""Programme monitoring: national and provincial plans with targets and yearly periods, each
province's departments and the tasks assigned to them, the training roster, courses with sessions,
participants and attendance, and funding lines by source (with support lines for producers)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from ocop.ops.synth import names
from ocop.ops.synth.context import Context, at, days
from ocop.program.models import (
    Department,
    DepartmentTask,
    FundingLine,
    Plan,
    ReportingPeriod,
    Target,
    TrainingAttendance,
    TrainingCourse,
    TrainingParticipant,
    TrainingRosterEntry,
    TrainingSession,
)

MILLION = Decimal(1_000_000)
DEPARTMENTS = (
    ("Sở Nông nghiệp và Môi trường", "Sở NN&MT", "nong_nghiep"), ("Sở Công Thương", "Sở CT", "cong_thuong"),
    ("Sở Tài chính", "Sở TC", "tai_chinh"), ("Sở Khoa học và Công nghệ", "Sở KH&CN", "khoa_hoc"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", "van_hoa"), ("Sở Y tế", "Sở YT", "y_te"),
)
PERIODS = ((2021, 2025), (2026, 2030))
# (indicator, comparison, value per ×1 province) of a provincial plan.
TARGETS = (("products_rated_3plus", "gte", 500), ("new_producers", "gte", 250), ("ideas_supported", "gte", 300),
           ("funding_disbursement_pct", "gte", 90), ("tasks_on_time_pct", "gte", 80))
SOURCES = (("nsnn_tw", 300), ("nsnn_tinh", 1500), ("nsnn_xa", 400), ("von_tu_co", 2500), ("tin_dung_nh", 1800))
TASK_STATUSES = (("done", 45), ("in_progress", 25), ("assigned", 15), ("reported", 10), ("cancelled", 5))


def _plans(ctx: Context, rng) -> dict:
    """{(province id or None, period start): plan id}."""
    plans, targets, periods, found = [], [], [], {}
    for province in [None, *ctx.geo.provinces]:
        for start, end in PERIODS:
            if start > ctx.today.year:
                continue
            pid = ctx.sink.next_id(Plan)
            found[(province.id if province else None, start)] = pid
            where = f"tỉnh {province.name}" if province else "quốc gia"
            issued = date(start, 3, 15)
            plans.append((pid, province.id if province else None, "ke_hoach" if province else "chuong_trinh",
                          f"Kế hoạch thực hiện Chương trình OCOP {where} giai đoạn {start}–{end}", date(start, 1, 1),
                          date(end, 12, 31), f"{rng.randint(10, 400)}/KH-UBND" if province else "919/QĐ-TTg",
                          issued, "", "UBND tỉnh" if province else "Thủ tướng Chính phủ", "", "", at(issued),
                          at(issued)))
            scale = 34 if province is None else 1
            for position, (indicator, comparison, value) in enumerate(TARGETS):
                value = Decimal(value * (scale if indicator not in {"funding_disbursement_pct",
                                                                     "tasks_on_time_pct"} else 1))
                targets.append((ctx.sink.next_id(Target), pid, indicator, comparison, value, None, "", None, None,
                                "", False, position))
            for year in range(start, min(end, ctx.today.year) + 1):
                periods.append((ctx.sink.next_id(ReportingPeriod), pid, f"Năm {year}", date(year, 1, 1),
                                date(year, 12, 31), None, None))
    sink = ctx.sink
    sink.write(Plan, ("id", "unit_id", "kind", "title", "starts_on", "ends_on", "doc_number", "doc_date", "doc_title",
                      "doc_issuer", "orientation", "note", "created_at", "updated_at"), plans)
    sink.write(Target, ("id", "plan_id", "indicator", "comparison", "value_min", "value_max", "measure",
                        "baseline_value", "baseline_on", "wording", "applies_to_each_child", "position"), targets)
    sink.write(ReportingPeriod, ("id", "plan_id", "label", "starts_on", "ends_on", "closed_at", "closed_by_id"),
               periods)
    return found


def _departments_and_tasks(ctx: Context, rng, plans: dict) -> dict:
    departments, tasks, supporting, found = [], [], [], defaultdict(list)
    start = at(date(ctx.today.year - 4, 1, 10))
    for province in ctx.geo.provinces:
        for name, short, kind in DEPARTMENTS:
            did = ctx.sink.next_id(Department)
            departments.append((did, province.id, name, short, kind, "", True, start, start))
            found[province.id].append(did)
    statuses, weights = zip(*TASK_STATUSES, strict=True)
    per_year = max(1, round(6 * ctx.factor))
    through = DepartmentTask.supporting.through
    for province in ctx.geo.provinces:
        for year in range(ctx.today.year - 2, ctx.today.year + 1):
            plan = plans.get((province.id, 2026 if year >= 2026 else 2021))
            for _ in range(per_year):
                tid = ctx.sink.next_id(DepartmentTask)
                lead, *others = rng.sample(found[province.id], 3)
                starts = date(year, rng.randint(1, 6), rng.randint(1, 28))
                deadline = starts + days(rng.randint(60, 300))
                status = rng.choices(statuses, weights)[0]
                if deadline > ctx.today and status in {"done", "reported"}:
                    status = "in_progress"
                completed = min(deadline + days(rng.randint(-30, 20)), ctx.today - days(1)) if status == "done" \
                    else None
                progress = {"done": 100, "reported": 100, "cancelled": 0}.get(status, rng.randint(0, 90))
                tasks.append((tid, province.id, plan, rng.choice(names.TASK_TITLES), "",
                              f"Kết luận Ban Chỉ đạo tỉnh năm {year}", lead, starts, deadline, status, progress,
                              completed, at(starts), at(completed or starts)))
                supporting += [(ctx.sink.next_id(through), tid, other) for other in others]
    sink = ctx.sink
    sink.write(Department, ("id", "unit_id", "name", "short_name", "kind", "email", "is_active", "created_at",
                            "updated_at"), departments)
    sink.write(DepartmentTask, ("id", "unit_id", "plan_id", "title", "description", "source", "lead_id", "starts_on",
                                "deadline", "status", "progress", "completed_on", "created_at", "updated_at"), tasks)
    sink.write(through, ("id", "departmenttask_id", "department_id"), supporting)
    return found


def _training(ctx: Context, rng, plans: dict) -> None:
    roster, by_province = [], defaultdict(list)
    listed = date(ctx.today.year - 3, 1, 1)
    for commune in ctx.geo.communes:
        full_name, _ = names.person(rng)
        rid = ctx.sink.next_id(TrainingRosterEntry)
        roster.append((rid, commune.id, "cb_xa", full_name, "Công chức Nông nghiệp – Môi trường",
                       f"UBND {commune.name}", None, "", "", listed, None, at(listed), at(listed)))
        by_province[commune.province.id].append((rid, full_name, "cb_xa", commune.id))
    categories = {"dn": "ld_dn", "htx": "ld_htx", "lhhtx": "ld_htx", "tht": "ld_htx", "ho": "ld_ho",
                  "trang_trai": "ld_ho", "hoi": "ld_htx", "bql": "ld_htx"}
    for producer in ctx.producers:
        if rng.random() < 0.6:
            rid = ctx.sink.next_id(TrainingRosterEntry)
            category = categories[producer.kind]
            day = max(producer.joined, listed)
            roster.append((rid, producer.commune.id, category, producer.rep_name, "Người đại diện", producer.name,
                           producer.id, "", "", day, None, at(day), at(day)))
            by_province[producer.commune.province.id].append((rid, producer.rep_name, category, producer.commune.id))
    courses, sessions, participants, attendance = [], [], [], []
    per_year = max(1, round(2 * ctx.factor))
    for province in ctx.geo.provinces:
        pool = by_province[province.id]
        for year in range(ctx.today.year - 2, ctx.today.year + 1):
            for _ in range(per_year):
                cid = ctx.sink.next_id(TrainingCourse)
                starts = date(year, rng.randint(2, 10), rng.randint(1, 25))
                if starts >= ctx.today:
                    continue
                topic = rng.choice(names.TRAINING_TOPICS)
                session_days = [starts + days(n) for n in range(rng.randint(2, 3))]
                courses.append((cid, province.id, plans.get((province.id, 2026 if year >= 2026 else 2021)),
                                f"Tập huấn: {topic} ({year})", "Văn phòng Điều phối nông thôn mới tỉnh", starts,
                                session_days[-1], "", at(starts), at(starts)))
                session_ids = []
                for day in session_days:
                    sid = ctx.sink.next_id(TrainingSession)
                    session_ids.append(sid)
                    sessions.append((sid, cid, day, topic, f"Hội trường {province.name}", Decimal(4)))
                for rid, full_name, category, unit_id in rng.sample(pool, min(len(pool), rng.randint(20, 45))):
                    pid = ctx.sink.next_id(TrainingParticipant)
                    participants.append((pid, cid, rid, full_name, category, unit_id))
                    attendance += [(ctx.sink.next_id(TrainingAttendance), sid, pid, rng.random() < 0.9)
                                   for sid in session_ids]
    sink = ctx.sink
    sink.write(TrainingRosterEntry, ("id", "unit_id", "category", "full_name", "position", "organisation",
                                     "producer_id", "phone", "email", "listed_on", "removed_on", "created_at",
                                     "updated_at"), roster)
    sink.write(TrainingCourse, ("id", "unit_id", "plan_id", "title", "organiser", "starts_on", "ends_on", "note",
                                "created_at", "updated_at"), courses)
    sink.write(TrainingSession, ("id", "course_id", "date", "topic", "location", "hours"), sessions)
    sink.write(TrainingParticipant, ("id", "course_id", "roster_entry_id", "full_name", "category", "unit_id"),
               participants)
    sink.write(TrainingAttendance, ("id", "session_id", "participant_id", "present"), attendance)


def _funding(ctx: Context, rng, plans: dict, departments: dict) -> None:
    rows = []
    for province in ctx.geo.provinces:
        for year in range(ctx.today.year - 3, ctx.today.year + 1):
            plan = plans.get((province.id, 2026 if year >= 2026 else 2021))
            for source, base in SOURCES:
                planned = Decimal(round(base * ctx.factor * rng.uniform(0.6, 1.4))) * MILLION
                allocated = (planned * Decimal(rng.randint(70, 100)) / 100).quantize(MILLION)
                done = 1 if year < ctx.today.year else (ctx.today.timetuple().tm_yday / 366)
                disbursed = (allocated * Decimal(round(rng.uniform(0.6, 1.0) * done, 2))).quantize(MILLION)
                rows.append((ctx.sink.next_id(FundingLine), year, province.id, source,
                             f"Kinh phí thực hiện Chương trình OCOP năm {year}", plan, None,
                             departments[province.id][0] if source.startswith("nsnn") else None, None, planned,
                             allocated, disbursed, "", at(date(year, 1, 15)), at(date(year, 1, 15))))
    for producer in ctx.producers:
        if rng.random() < 0.15:
            year = rng.randint(max(producer.joined.year, ctx.today.year - 3), ctx.today.year)
            planned = Decimal(rng.randint(20, 300)) * MILLION
            disbursed = planned if year < ctx.today.year else planned * Decimal(rng.choice((0, 1)))
            rows.append((ctx.sink.next_id(FundingLine), year, producer.commune.id, "nsnn_tinh",
                         "Hỗ trợ chủ thể thiết kế bao bì, kiểm nghiệm, xúc tiến thương mại", None, None, None,
                         producer.id, planned, planned, disbursed, "", at(date(year, 3, 1)), at(date(year, 3, 1))))
    ctx.sink.write(FundingLine, ("id", "year", "unit_id", "source", "title", "plan_id", "task_id", "department_id",
                                 "producer_id", "planned", "allocated", "disbursed", "note", "created_at",
                                 "updated_at"), rows)


def generate(ctx: Context) -> None:
    rng = ctx.rng("program")
    plans = _plans(ctx, rng)
    departments = _departments_and_tasks(ctx, rng, plans)
    _training(ctx, rng, plans)
    _funding(ctx, rng, plans, departments)
    written = ctx.sink.written
    ctx.progress(f"chương trình: {written.get('program.DepartmentTask', 0):,} nhiệm vụ, "
                 f"{written.get('program.TrainingCourse', 0):,} khóa đào tạo, "
                 f"{written.get('program.FundingLine', 0):,} dòng kinh phí")
