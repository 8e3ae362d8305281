"""Program monitoring demo for Đồng Nai: the plans and targets of the conference of 28/03/2019
(../shared/seed) and the national target of QĐ 919/QĐ-TTg, the departments and the tasks the
conference assigned them, training with rosters and attendance, and funding by source.

Targets, their wording and the task assignments come from the sources. Task progress, people's
names, attendance and amounts are illustrative (marked "minh hoạ" where they are shown), sized so
that the dashboard has something to compare with the targets. Idempotent: every row is found by
a natural key before it is created, through the services (actor=None: the system).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from ocop.accounts.demo import demo_communes, link_department_officers
from ocop.program.models import (
    Department,
    DepartmentTask,
    FundingLine,
    FundingSource,
    Plan,
    Target,
    TraineeCategory,
    TrainingAttendance,
    TrainingCourse,
    TrainingParticipant,
    TrainingRosterEntry,
    TrainingSession,
)
from ocop.program.services.funding import funding_line_save
from ocop.program.services.plans import plan_ensure_periods, plan_save, target_save
from ocop.program.services.tasks import department_save, task_note_add, task_save, task_transition
from ocop.program.services.training import (
    attendance_save,
    course_save,
    participant_save,
    roster_entry_save,
    session_save,
)
from ocop.territory.models import AdminUnit

CONFERENCE = "Kết luận của Phó Chủ tịch UBND tỉnh tại Hội nghị quán triệt Chương trình OCOP ngày 28/3/2019"
ORIENTATION_2035 = (
    "Định hướng đến năm 2035: đưa Chương trình OCOP trở thành chương trình phát triển kinh tế quan trọng của "
    "Tỉnh để phát triển sản xuất tập trung quy mô lớn trong việc sản xuất hàng hóa nông nghiệp và phi nông "
    "nghiệp; xây dựng và quản lý nhãn hiệu OCOP thành thương hiệu mạnh của nông nghiệp Đồng Nai trên phạm vi "
    "cả nước và dần từng bước trên thị trường quốc tế."
)
D = Decimal

# (indicator, comparison, min, max, wording, per child unit, baseline, baseline date)
TARGETS_2019 = [
    ("products_rated_3plus", "gte", 12, None, "Số sản phẩm hiện có đạt 3 sao trở lên: 12 sản phẩm", False, 0,
     date(2019, 3, 28)),
    ("products_potential_5star", "gte", 3, None, "Số sản phẩm hiện có đạt 5 sao cấp tỉnh: 3 sản phẩm", False, 0,
     date(2019, 3, 28)),
    ("training_officials_pct", "gte", 50, None,
     "Nâng cao chất lượng nguồn nhân lực cho đội ngũ cán bộ quản lý nhà nước trong hệ thống OCOP: 50%", False,
     None, None),
    ("training_leaders_pct", "gte", 30, None,
     "Nâng cao chất lượng nguồn nhân lực cho đội ngũ lãnh đạo các doanh nghiệp/HTX tham gia OCOP: 30%", False,
     None, None),
]
TARGETS_2021 = [
    ("products_rated_3plus", "gt", 100, None, "Tăng số sản phẩm 3 sao trên 100 sản phẩm", False, None, None),
    ("products_potential_5star", "range", 7, 10, "5 sao cấp tỉnh 7–10 sản phẩm", False, None, None),
    ("products_rated_5star_national", "gte", 5, None, "Số sản phẩm đạt 5 sao cấp Quốc gia: 5 sản phẩm", False,
     0, date(2020, 12, 31)),
    ("new_producers", "range", 50, 60, "Phát triển mới tổ chức kinh tế tham gia chương trình OCOP: 50–60 tổ chức",
     False, None, None),
    ("training_officials_pct", "gte", 100,
     None, "Nâng cao chất lượng nguồn nhân lực cho đội ngũ cán bộ quản lý nhà nước trong hệ thống OCOP: 100%",
     False, None, None),
    ("cycle_years_pct", "gte", 100, None, "Duy trì chu trình OCOP thường niên liên tục tại cấp tỉnh", False, None,
     None),
    ("cycle_years_pct", "gte", 100, None, "Duy trì chu trình OCOP thường niên liên tục tại cấp huyện", True, None,
     None),
    ("ideas_per_year", "gte", 2, None,
     "Hằng năm mỗi huyện, thị xã, thành phố có ít nhất 2 ý tưởng sản phẩm được hỗ trợ theo Chu trình OCOP", True,
     None, None),
]

DEPARTMENTS = [
    ("Sở Nông nghiệp và Môi trường", "Sở NN&MT", Department.Kind.AGRICULTURE, True),
    ("Sở Công Thương", "Sở CT", Department.Kind.INDUSTRY_TRADE, True),
    ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", Department.Kind.PLANNING_INVESTMENT, False),
    ("Sở Tài chính", "Sở TC", Department.Kind.FINANCE, True),
    ("Các cơ quan báo chí, truyền thông của tỉnh", "Cơ quan truyền thông", Department.Kind.MEDIA, True),
]


def _province_units():
    code = settings.OCOP_DEFAULT_PROVINCE_CODE
    units = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, code=code)
    return units.get(generation=AdminUnit.Generation.CURRENT), units.filter(
        generation=AdminUnit.Generation.LEGACY).first()


def _plan(unit, title, starts_on, ends_on, **fields) -> tuple[Plan, bool]:
    plan = Plan.objects.filter(unit=unit, title=title).first()
    if plan is not None:
        plan_ensure_periods(plan=plan)
        return plan, False
    return plan_save(plan=Plan(unit=unit, title=title, starts_on=starts_on, ends_on=ends_on, **fields), actor=None), True


def _targets(plan: Plan, rows) -> int:
    made = 0
    for position, (code, comparison, low, high, wording, each, base, base_on) in enumerate(rows, start=1):
        if Target.objects.filter(plan=plan, indicator=code, wording=wording).exists():
            continue
        target_save(target=Target(
            plan=plan, indicator=code, comparison=comparison, value_min=None if low is None else D(low),
            value_max=None if high is None else D(high), wording=wording, applies_to_each_child=each,
            baseline_value=None if base is None else D(base), baseline_on=base_on, position=position,
        ), actor=None)
        made += 1
    return made


def seed_plans(province, old_province) -> dict:
    national, new_national = _plan(
        None, "Chương trình Mỗi xã một sản phẩm giai đoạn 2021–2025", date(2021, 1, 1), date(2025, 12, 31),
        kind=Plan.Kind.PROGRAM, doc_number="919/QĐ-TTg", doc_date=date(2022, 8, 1),
        doc_title="Quyết định phê duyệt Chương trình Mỗi xã một sản phẩm giai đoạn 2021–2025",
        doc_issuer="Thủ tướng Chính phủ",
    )
    made = _targets(national, [("products_certified", "gte", 10000, None,
                                "Phấn đấu đến năm 2025 có ít nhất 10.000 sản phẩm OCOP đạt từ 3 sao trở lên",
                                False, None, None)])
    owner = old_province or province
    plan_2019, new_2019 = _plan(
        owner, "Kế hoạch triển khai Chương trình OCOP tỉnh Đồng Nai giai đoạn 2019–2020", date(2019, 1, 1),
        date(2020, 12, 31), kind=Plan.Kind.PLAN, doc_date=date(2019, 3, 28),
        doc_title="Kế hoạch triển khai Chương trình mỗi xã một sản phẩm tại tỉnh (trình bày tại Hội nghị quán "
                  "triệt ngày 28/3/2019)",
        doc_issuer="Sở Nông nghiệp và Phát triển nông thôn tỉnh Đồng Nai",
        note="Nguồn: bài tường thuật Hội nghị quán triệt Chương trình OCOP, UBND tỉnh Đồng Nai, 28/3/2019. "
             "Các kế hoạch 10946/KH-UBND và 10877/KH-UBND (09/2019) triển khai đề án tỉnh giai đoạn 2019–2020.",
    )
    made += _targets(plan_2019, TARGETS_2019)
    plan_2021, new_2021 = _plan(
        owner, "Chương trình OCOP tỉnh Đồng Nai giai đoạn 2021–2025, định hướng đến năm 2035", date(2021, 1, 1),
        date(2025, 12, 31), kind=Plan.Kind.SCHEME, doc_date=date(2019, 3, 28),
        doc_title="Mục tiêu giai đoạn 2021–2025 và định hướng đến 2035 (trình bày tại Hội nghị quán triệt ngày "
                  "28/3/2019)",
        doc_issuer="Sở Nông nghiệp và Phát triển nông thôn tỉnh Đồng Nai", orientation=ORIENTATION_2035,
        note="Từ 01/07/2025 tỉnh Đồng Nai (cũ) và tỉnh Bình Phước hợp nhất thành tỉnh Đồng Nai; chỉ tiêu giai đoạn "
             "này là của tỉnh Đồng Nai (cũ), xem theo bản đồ trước sắp xếp.",
    )
    made += _targets(plan_2021, TARGETS_2021)
    return {"plans": int(new_national) + int(new_2019) + int(new_2021), "targets": made,
            "plan_2019": plan_2019, "plan_2021": plan_2021}


def seed_tasks(province, plan_2019, today: date) -> int:
    departments = {}
    for name, short, kind, active in DEPARTMENTS:
        department = Department.objects.filter(unit=province, name=name).first() or department_save(
            department=Department(unit=province, name=name, short_name=short, kind=kind, is_active=active),
            actor=None)
        departments[kind] = department
    K = Department.Kind
    targets = {t.indicator: t for t in plan_2019.targets.all()}
    # (title, lead, supporting, deadline, final status, completed on, targets served)
    rows = [
        ("Hoàn thiện đề án Chương trình OCOP của tỉnh Đồng Nai, trình UBND tỉnh", K.AGRICULTURE,
         [K.INDUSTRY_TRADE, K.PLANNING_INVESTMENT, K.FINANCE], date(2019, 4, 30), "done", date(2019, 4, 26), []),
        ("Xây dựng kế hoạch và tổ chức thực hiện Chương trình OCOP hằng năm theo từng giai đoạn", K.AGRICULTURE,
         [K.INDUSTRY_TRADE, K.FINANCE], date(2019, 6, 30), "done", date(2019, 7, 10),
         ["products_rated_3plus", "products_potential_5star"]),
        ("Đẩy mạnh khuyến công, hỗ trợ tổ chức kinh tế, hộ gia đình phát triển sản phẩm; xúc tiến thương mại "
         "sản phẩm OCOP", K.INDUSTRY_TRADE, [K.AGRICULTURE], date(2020, 12, 31), "done", date(2020, 12, 20),
         ["products_rated_3plus"]),
        ("Tổng hợp dự kiến phân bổ kinh phí, chỉ tiêu nhiệm vụ cụ thể thực hiện chương trình", K.PLANNING_INVESTMENT,
         [K.FINANCE], date(2019, 5, 31), "done", date(2019, 5, 28), []),
        ("Cân đối, bảo đảm kinh phí thực hiện chương trình", K.FINANCE, [K.PLANNING_INVESTMENT],
         date(2019, 12, 31), "done", date(2019, 12, 15), []),
        ("Tăng cường giới thiệu sản phẩm, mô hình, cách làm hay và kết quả của chương trình", K.MEDIA,
         [K.AGRICULTURE, K.INDUSTRY_TRADE], date(2020, 12, 31), "reported", None, ["training_leaders_pct"]),
        # Illustrative open tasks, dated from today so that reminders and overdue highlighting show.
        ("Tổng kết Chương trình OCOP giai đoạn 2021–2025 (minh hoạ)", K.AGRICULTURE, [K.INDUSTRY_TRADE, K.FINANCE],
         today - timedelta(days=20), "in_progress", None, []),
        ("Kế hoạch xúc tiến thương mại sản phẩm OCOP năm tới (minh hoạ)", K.INDUSTRY_TRADE, [K.AGRICULTURE],
         today + timedelta(days=5), "assigned", None, []),
    ]
    made = 0
    for title, lead, supporting, deadline, status, completed_on, served in rows:
        if DepartmentTask.objects.filter(unit=province, title=title).exists():
            continue
        plan = plan_2019 if deadline.year <= 2020 else None
        task = task_save(
            task=DepartmentTask(lead=departments[lead], plan=plan, title=title, deadline=deadline,
                                source=CONFERENCE if deadline.year <= 2020 else "",
                                starts_on=date(2019, 3, 28) if deadline.year <= 2020 else today - timedelta(days=60)),
            actor=None, supporting=[departments[k] for k in supporting],
            targets=[targets[c] for c in served if c in targets],
        )
        path = {"in_progress": ["in_progress"], "reported": ["in_progress", "reported"],
                "done": ["in_progress", "reported", "done"]}.get(status, [])
        for to in path:
            if to == "reported":  # a task is reported complete only at 100 %
                task_note_add(task=task, text="Đã hoàn thành các nội dung được giao (minh hoạ).", progress=100,
                              actor=None)
            task_transition(task=task, to=to, actor=None, today=completed_on or today)
        made += 1
    link_department_officers(province, departments[K.AGRICULTURE])
    return made


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức", "Thị Hà", "Quốc Hùng", "Thị Lan", "Văn Long",
         "Thị Mai", "Văn Nam", "Thị Oanh", "Hữu Phúc", "Thị Quyên", "Văn Sơn", "Thị Thu"]


def _name(i: int) -> str:
    return f"{FAMILY[i % len(FAMILY)]} {GIVEN[(i * 7) % len(GIVEN)]}"


def seed_training(province, communes, plan_2019, producers) -> dict:
    """Rosters (officials of the province and two communes; leaders of the province's producers) and
    four courses with attendance. About half the officials trained in 2019–2020."""
    roster = []
    people = [(province, TraineeCategory.OFFICIAL_PROVINCE, "Chuyên viên Văn phòng OCOP tỉnh", None)] * 8
    for commune in communes:
        people += [(commune, TraineeCategory.OFFICIAL_COMMUNE, "Cán bộ phụ trách OCOP cấp xã", None)] * 3
    for producer in producers[:12]:
        category = (TraineeCategory.LEADER_HOUSEHOLD if producer.is_household else
                    TraineeCategory.LEADER_ENTERPRISE if producer.kind == "dn" else TraineeCategory.LEADER_COOPERATIVE)
        people.append((producer.unit, category, f"Người đại diện {producer.name}"[:150], producer))
    for index, (unit, category, position, producer) in enumerate(people):
        name = producer.rep_name if producer and producer.rep_name else _name(index)
        entry = TrainingRosterEntry.objects.filter(unit=unit, category=category, full_name=name).first()
        if entry is None:
            entry = roster_entry_save(entry=TrainingRosterEntry(
                unit=unit, category=category, full_name=name, position=position,
                organisation=producer.name if producer else "", producer=producer, listed_on=date(2019, 1, 1),
            ), actor=None)
        roster.append(entry)
    officials = [e for e in roster if e.category in (TraineeCategory.OFFICIAL_PROVINCE,
                                                     TraineeCategory.OFFICIAL_COMMUNE)]
    leaders = [e for e in roster if e not in officials]
    courses = [
        ("Tập huấn triển khai Chương trình OCOP cho cán bộ quản lý (minh hoạ)", date(2019, 6, 18), officials[::2]),
        ("Tập huấn kỹ năng quản trị, xây dựng sản phẩm cho chủ thể OCOP (minh hoạ)", date(2020, 7, 9), leaders[::2]),
        ("Tập huấn Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP (QĐ 148) (minh hoạ)", date(2023, 5, 16),
         officials),
        ("Tập huấn chuyển đổi số, thương mại điện tử cho chủ thể OCOP (minh hoạ)", date(2025, 9, 23), leaders),
    ]
    attended = 0
    for title, day, group in courses:
        course = TrainingCourse.objects.filter(unit=province, title=title).first() or course_save(
            course=TrainingCourse(unit=province, plan=plan_2019 if day.year <= 2020 else None, title=title,
                                  organiser="Sở Nông nghiệp và Môi trường", starts_on=day, ends_on=day + timedelta(1)),
            actor=None)
        sessions = []
        for offset, topic in enumerate(["Buổi 1", "Buổi 2"]):
            session = TrainingSession.objects.filter(course=course, date=day + timedelta(offset)).first()
            sessions.append(session or session_save(session=TrainingSession(
                course=course, date=day + timedelta(offset), topic=f"{topic}: {title.split(' (')[0]}",
                location="Hội trường Sở Nông nghiệp"), actor=None))
        for index, entry in enumerate(group):
            participant = TrainingParticipant.objects.filter(course=course, roster_entry=entry).first()
            if participant is None:
                participant = participant_save(participant=TrainingParticipant(course=course, roster_entry=entry),
                                               actor=None)
            for session in sessions:
                if not TrainingAttendance.objects.filter(session=session, participant=participant).exists():
                    attendance_save(attendance=TrainingAttendance(session=session, participant=participant,
                                                                  present=index % 5 != 4), actor=None)
                    attended += 1
    return {"roster": len(roster), "attendance": attended}


def seed_funding(province, communes, plan_2019, producers) -> int:
    S = FundingSource
    rows = [
        (2019, province, S.STATE_PROVINCE, "Xây dựng đề án và kế hoạch OCOP (minh hoạ)", 1_050_000_000, 1_050_000_000,
         980_000_000, None),
        (2020, province, S.STATE_PROVINCE, "Tập huấn, tư vấn chu trình OCOP (minh hoạ)", 800_000_000, 750_000_000,
         700_000_000, None),
        (2020, province, S.STATE_CENTRAL, "Hỗ trợ từ Chương trình MTQG xây dựng nông thôn mới (minh hoạ)",
         1_500_000_000, 1_500_000_000, 1_320_000_000, None),
        (2023, province, S.STATE_PROVINCE, "Đánh giá, phân hạng và xúc tiến thương mại (minh hoạ)", 1_200_000_000,
         1_100_000_000, 1_050_000_000, None),
        (2025, province, S.STATE_PROVINCE, "Hội chợ và điểm bán sản phẩm OCOP (minh hoạ)", 1_000_000_000,
         900_000_000, 450_000_000, None),
    ]
    for index, commune in enumerate(communes):
        rows.append((2024, commune, S.STATE_COMMUNE, "Hỗ trợ chủ thể hoàn thiện hồ sơ OCOP (minh hoạ)",
                     150_000_000, 120_000_000, min(100_000_000 + 10_000_000 * index, 120_000_000), None))
    for index, producer in enumerate(producers[:8]):
        # Non-budget money: "allocated" is what the producer mobilised (own capital, the loan granted).
        own, loan = 250_000_000 + 25_000_000 * index, 600_000_000 + 50_000_000 * index
        rows.append((2023 + index % 3, producer.unit, S.OWN, "Đầu tư bao bì, nhãn mác (minh hoạ)", own, own,
                     200_000_000 + 25_000_000 * index, producer))
        rows.append((2023 + index % 3, producer.unit, S.BANK_CREDIT if index % 2 else S.COMMUNITY_CREDIT,
                     "Vốn vay mở rộng sản xuất (minh hoạ)", loan, loan, 500_000_000 + 50_000_000 * index, producer))
        rows.append((2023 + index % 3, producer.unit, S.STATE_PROVINCE, "Hỗ trợ chứng nhận, kiểm nghiệm (minh hoạ)",
                     60_000_000, 50_000_000, 30_000_000 + 2_500_000 * index, producer))  # never above the allocation
    made = 0
    for year, unit, source, title, planned, allocated, disbursed, producer in rows:
        if FundingLine.objects.filter(year=year, unit=unit, source=source, title=title, producer=producer).exists():
            continue
        funding_line_save(line=FundingLine(
            year=year, unit=unit, source=source, title=title, producer=producer, planned=D(planned),
            allocated=D(allocated), disbursed=D(disbursed), plan=plan_2019 if year <= 2020 else None,
        ), actor=None)
        made += 1
    return made


def seed(log=print) -> dict:
    from ocop.registry.models import Producer

    province, old_province = _province_units()
    today = timezone.localdate()
    plans = seed_plans(province, old_province)
    communes = demo_communes(province)
    producers = list(Producer.objects.filter(unit__current_path__startswith=province.path).order_by("id")[:20])
    tasks = seed_tasks(province, plans["plan_2019"], today)
    training = seed_training(province, communes, plans["plan_2019"], producers)
    funding = seed_funding(province, communes, plans["plan_2019"], producers)
    log(f"Giám sát chương trình: {plans['plans']} kế hoạch mới, {plans['targets']} chỉ tiêu, {tasks} nhiệm vụ, "
        f"{training['roster']} người trong danh sách đào tạo, {funding} dòng kinh phí mới.")
    return {"plans": plans["plans"], "targets": plans["targets"], "tasks": tasks, "funding": funding,
            "attendance": training["attendance"]}
