"""The annual cycle (steps 1–4): each province's cycle of every year and each commune's cycle of
this year with the six-step calendar, publicity activities, product ideas (accepted ideas lead to
the products), business plans, their implementation with milestones and support received."""

from decimal import Decimal

from ocop.cycle.models import (
    BusinessPlan,
    Cycle,
    CycleStep,
    Implementation,
    Milestone,
    ProductIdea,
    PublicityActivity,
    SupportReceived,
)
from ocop.cycle.steps import default_calendar
from ocop.ops.synth import names
from ocop.ops.synth.context import Context, at, days

PUBLICITY = (("hoi_nghi", "Hội nghị triển khai Chương trình OCOP"), ("tap_huan", "Tập huấn hướng dẫn đăng ký OCOP"),
             ("bao_dai", "Phóng sự về sản phẩm OCOP địa phương"), ("mang_xa_hoi", "Tuyên truyền OCOP trên mạng xã hội"),
             ("an_pham", "Phát tờ rơi hướng dẫn chu trình OCOP"), ("loa", "Phát thanh về Chương trình OCOP"),
             ("tham_quan", "Tham quan mô hình OCOP điển hình"))
OPEN_IDEAS = (("draft", 10), ("submitted", 25), ("returned", 10), ("rejected", 15), ("accepted", 40))
MILLION = Decimal(1_000_000)


def _cycles(ctx: Context, rng) -> None:
    years = range(ctx.today.year - 3, ctx.today.year + 1)
    units = [(year, p.id) for p in ctx.geo.provinces for year in years]
    units += [(ctx.today.year, c.id) for c in ctx.geo.communes]
    ids = ctx.sink.ids(Cycle, len(units))
    calendars = {year: default_calendar(year) for year in years}
    step_ids = iter(ctx.sink.ids(CycleStep, 6 * len(units)))
    cycles, steps = [], []
    for cid, (year, unit_id) in zip(ids, units, strict=True):
        opened = at(calendars[year][0].starts_on)
        cycles.append((cid, year, unit_id, "", None, opened, opened))
        steps += [(next(step_ids), cid, w.step, w.starts_on, w.ends_on, w.focus) for w in calendars[year]]
    ctx.sink.write(Cycle, ("id", "year", "unit_id", "note", "opened_by_id", "created_at", "updated_at"), cycles)
    ctx.sink.write(CycleStep, ("id", "cycle_id", "step", "starts_on", "ends_on", "focus"), steps)


def _publicity(ctx: Context, rng) -> None:
    count = round(2.5 * len(ctx.geo.communes) * ctx.factor)
    rows = []
    for aid in ctx.sink.ids(PublicityActivity, count):
        commune = rng.choice(ctx.geo.communes)
        unit = commune.province.id if rng.random() < 0.15 else commune.id
        kind, title = rng.choice(PUBLICITY)
        day = ctx.today - days(rng.randint(1, 730))
        rows.append((aid, kind, f"{title} – {commune.name}", day, unit, rng.randint(15, 250), "", None, at(day),
                     at(day)))
    ctx.sink.write(PublicityActivity, ("id", "kind", "title", "date", "unit_id", "participants", "notes",
                                       "created_by_id", "created_at", "updated_at"), rows)


class _Writer:
    def __init__(self, ctx, rng):
        self.ctx, self.rng, self.sink = ctx, rng, ctx.sink
        self.ideas, self.plans, self.implementations, self.milestones, self.supports = [], [], [], [], []

    def idea(self, producer, name, criteria_set, year, status, product_id=None):
        rng = self.rng
        iid = self.sink.next_id(ProductIdea)
        submitted = at(self.ctx.today.replace(year=year, month=1, day=1) + days(rng.randint(90, 170)))
        submitted = min(submitted, at(self.ctx.today - days(rng.randint(1, 30))))
        decided = submitted + days(rng.randint(5, 25)) if status in {"accepted", "rejected", "returned"} else None
        assisted = rng.random() < 0.2
        self.ideas.append((
            iid, producer.id, year, name, criteria_set,
            f"Phát triển {name.lower()} từ nguyên liệu địa phương, cải tiến bao bì, nhãn mác.",
            rng.choice(("Trong tỉnh", "Các tỉnh lân cận", "Siêu thị, cửa hàng đặc sản", "Xuất khẩu")), status,
            "Đề nghị bổ sung thông tin thị trường." if status == "returned" else "",
            None if status == "draft" else submitted, decided, None, assisted, assisted,
            "Chủ thể đồng ý qua điện thoại." if assisted else "", product_id, submitted, decided or submitted,
        ))
        return iid, decided or submitted

    def plan(self, idea_id, name, status, day, implemented: str | None):
        rng = self.rng
        pid = self.sink.next_id(BusinessPlan)
        submitted = day + days(rng.randint(10, 40))
        decided = submitted + days(rng.randint(7, 30)) if status in {"approved", "returned", "rejected"} else None
        own, loan, state = (Decimal(rng.randint(50, 900)) * MILLION for _ in range(3))
        self.plans.append((
            pid, idea_id, f"Phương án sản xuất, kinh doanh {name}.", own, loan, state / 4, Decimal(0),
            "Quý I: hoàn thiện nhà xưởng; quý II: sản xuất thử; quý III: ra thị trường.",
            "Bán tại hội chợ, điểm bán OCOP và sàn thương mại điện tử.", status, "",
            at(submitted) if status != "draft" else None, at(decided) if decided else None, None, False,
            at(submitted), at(decided or submitted),
        ))
        if implemented and decided:
            self.implementation(pid, decided, implemented)

    def implementation(self, plan_id, start, status):
        rng = self.rng
        iid = self.sink.next_id(Implementation)
        started = start + days(rng.randint(5, 30))
        completed = started + days(rng.randint(90, 300)) if status == "completed" else None
        if completed and completed >= self.ctx.today:
            completed, status = None, "in_progress"
        self.implementations.append((iid, plan_id, status, "", started, completed, "", at(started),
                                     at(completed or started)))
        for n, title in enumerate(("Hoàn thiện nhà xưởng, thiết bị", "Thiết kế bao bì, nhãn mác")):
            due = started + days(60 * (n + 1))
            done = due - days(rng.randint(0, 20)) if completed or rng.random() < 0.5 else None
            if done and done >= self.ctx.today:
                done = None
            self.milestones.append((self.sink.next_id(Milestone), iid, title, due, done, ""))
        kind, provider = rng.choice((("dao_tao", "Trung tâm Khuyến nông tỉnh"), ("bao_bi", "Sở Công Thương"),
                                     ("kinh_phi", "Văn phòng Điều phối nông thôn mới tỉnh"),
                                     ("chung_nhan", "Sở Khoa học và Công nghệ")))
        self.supports.append((self.sink.next_id(SupportReceived), iid, kind, provider,
                              Decimal(rng.randint(10, 300)) * MILLION, started + days(20), ""))

    def flush(self):
        sink = self.sink
        sink.write(ProductIdea, (
            "id", "producer_id", "year", "proposed_name", "criteria_set", "description", "expected_market", "status",
            "status_note", "submitted_at", "decided_at", "created_by_id", "assisted", "consent_recorded",
            "consent_note", "product_id", "created_at", "updated_at"), self.ideas)
        sink.write(BusinessPlan, (
            "id", "idea_id", "summary", "capital_own", "capital_loan", "capital_state", "capital_other", "timeline",
            "market_plan", "status", "status_note", "submitted_at", "decided_at", "created_by_id", "assisted",
            "created_at", "updated_at"), self.plans)
        sink.write(Implementation, ("id", "plan_id", "status", "status_note", "started_on", "completed_on", "note",
                                    "created_at", "updated_at"), self.implementations)
        sink.write(Milestone, ("id", "implementation_id", "title", "due", "done_on", "note"), self.milestones)
        sink.write(SupportReceived, ("id", "implementation_id", "kind", "provider", "amount", "date", "note"),
                   self.supports)


def generate(ctx: Context) -> None:
    rng = ctx.rng("cycle")
    _cycles(ctx, rng)
    _publicity(ctx, rng)
    writer = _Writer(ctx, rng)
    statuses, weights = zip(*OPEN_IDEAS, strict=True)
    for product in ctx.products:
        if rng.random() < 0.45:  # the product came out of an idea of the cycle
            year = product.created.year
            idea_id, decided = writer.idea(product.producer, product.name, product.criteria_set, year, "accepted",
                                           product.id)
            writer.plan(idea_id, product.name, "approved", decided.date(), "completed")
    producers = ctx.producers
    for _ in range(round(len(ctx.products) * 0.3)):
        producer = rng.choice(producers)
        criteria_set = producer.main_set
        name = f"{rng.choice(names.PRODUCTS[criteria_set])} {producer.commune.name}"
        status = rng.choices(statuses, weights)[0]
        year = ctx.today.year - (0 if rng.random() < 0.7 else 1)
        idea_id, decided = writer.idea(producer, name, criteria_set, year, status)
        if status == "accepted":
            plan_status = rng.choice(("draft", "submitted", "under_review", "approved", "approved", "returned"))
            writer.plan(idea_id, name, plan_status, decided.date(),
                        rng.choice(("in_progress", "in_progress", "completed", "abandoned")))
    writer.flush()
    written = ctx.sink.written
    ctx.progress(f"chu trình: {written.get('cycle.Cycle', 0):,} chu trình, "
                 f"{written.get('cycle.ProductIdea', 0):,} ý tưởng, {written.get('cycle.BusinessPlan', 0):,} phương án")
