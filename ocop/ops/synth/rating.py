"""Dossiers through the rating workflow, with the commune's review, the advisory report, the
council's declarations and score sheets, and the results computed by the scoring engine
(ocop.criteria.scoring.council_result), exactly as result_refresh/result_finalize store them.

The story of each product (synth.products) says what to aim at; the engine decides the stars.
A sheet aimed at 4★ that the engine ranks otherwise is drawn again (a few times at most), so the
planned mix of stars holds and every stored result is the engine's.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from ocop.core.models import Transition
from ocop.criteria.scoring import council_result
from ocop.ops.synth import answers as sheets
from ocop.ops.synth.context import QD148_FROM, REFORM, Context, at, days, regime_on
from ocop.rating.models import (
    AdvisoryReport,
    CommuneReview,
    ConflictDeclaration,
    Dossier,
    RatingResult,
    ScoreSheet,
)
from ocop.rating.services.compute import MAX_SCORE
from ocop.rating.workflow import DossierStatus as S

TARGETS = {0: (35.0, 48.0), 3: (54.0, 67.0), 4: (72.0, 84.0), 5: (91.0, 96.0)}
PATHS = {
    "recognised": (S.SUBMITTED, S.PROPOSED, S.ACCEPTED, S.RATED),
    "central": (S.SUBMITTED, S.PROPOSED, S.ACCEPTED, S.FORWARDED_CENTRAL, S.CENTRAL_RATED),
    "rated": (S.SUBMITTED, S.PROPOSED, S.ACCEPTED, S.RATED),
    "rejected": (S.SUBMITTED, S.PROPOSED, S.REJECTED),
    "withdrawn": (S.SUBMITTED, S.RETURNED, S.WITHDRAWN),
    "draft": (),
    "submitted": (S.SUBMITTED,),
    "returned": (S.SUBMITTED, S.RETURNED),
    "proposed": (S.SUBMITTED, S.PROPOSED),
    "accepted": (S.SUBMITTED, S.PROPOSED, S.ACCEPTED),
}
REASONS = {
    S.RETURNED: "Thiếu phiếu kiểm nghiệm còn hiệu lực; đề nghị bổ sung.",
    S.REJECTED: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đã hết hạn.",
    S.WITHDRAWN: "Chủ thể xin rút hồ sơ để hoàn thiện bao bì, nhãn.",
}
MINUTES = "Hội đồng họp, xem xét hồ sơ và phiếu chấm; các thành viên thống nhất kết quả."

DOSSIER_COLUMNS = (
    "id", "product_id", "unit_id", "year", "kind", "regime", "criteria_set", "status", "status_note", "round_id",
    "central_round_id", "previous_id", "registration_no", "product_spec", "changes_note", "samples_count",
    "self_assessment", "self_total", "filed_by_id", "assisted", "consent_note", "submitted_at", "review_due_on",
    "proposed_at", "written_only", "created_at", "updated_at",
)
# The dossiers' moves go to the one history table (core.Transition, workflow "dossier").
TRANSITION_COLUMNS = ("id", "workflow", "content_type_id", "object_id", "from_status", "to_status", "actor_id",
                      "actor_repr", "at", "reason")
REVIEW_COLUMNS = ("id", "dossier_id", "complete", "local_materials", "local_labour", "idea_origin", "local_identity",
                  "conclusion", "reasons", "report_number", "issued_on", "reviewer_id", "created_at", "updated_at")
ADVISORY_COLUMNS = ("id", "dossier_id", "level", "summary", "surveyed_on", "survey_note", "extra_tests",
                    "recorded_by_id", "created_at", "updated_at")
DECLARATION_COLUMNS = ("id", "member_id", "dossier_id", "has_conflict", "note", "declared_at")
SHEET_COLUMNS = ("id", "dossier_id", "member_id", "answers", "total", "opinion", "submitted_at", "created_at",
                 "updated_at")
RESULT_COLUMNS = (
    "id", "product_id", "dossier_id", "level", "rated_by_unit_id", "regime", "criteria_set", "year", "average",
    "average_exact", "spread", "band_stars", "stars", "potential_5_star", "flagged_for_discussion",
    "unmet_minimums", "members_count", "minutes", "consolidated", "meeting_on", "finalized_at", "finalized_by_id",
    "is_historical", "source", "created_at", "updated_at",
)


@dataclass(slots=True)
class Recognition:
    """A result to be recognised by a decision (written by synth.certificates)."""

    result_id: int
    product_id: int
    stars: int
    issuer_level: str  # "province" | "central" | "district"
    issuer_unit_id: int | None
    signed_on: date
    historical: bool


class Rows:
    def __init__(self):
        self.dossiers, self.transitions, self.reviews, self.advisory = [], [], [], []
        self.declarations, self.sheets, self.results = [], [], []

    def flush(self, sink) -> None:
        for model, columns, rows in (
            (Dossier, DOSSIER_COLUMNS, self.dossiers), (RatingResult, RESULT_COLUMNS, self.results),
            (Transition, TRANSITION_COLUMNS, self.transitions), (CommuneReview, REVIEW_COLUMNS, self.reviews),
            (AdvisoryReport, ADVISORY_COLUMNS, self.advisory),
            (ConflictDeclaration, DECLARATION_COLUMNS, self.declarations), (ScoreSheet, SHEET_COLUMNS, self.sheets),
        ):
            if rows:
                sink.write(model, columns, rows)
                rows.clear()


def _clamp(day: date, today: date) -> date:
    return min(day, today - days(1))


class RatingWriter:
    """Rates the products of one province: pure generation (no database), ids from IDS, the
    province's own random stream, so any number of processes give the same rows."""

    def __init__(self, ctx: Context, rounds, province, ids: dict, dossier_type: int = 0):
        self.ctx, self.rounds = ctx, rounds
        self.dossier_type = dossier_type  # the content type id of rating.Dossier (history rows)
        self.rng = ctx.rng(f"rating:{province.code}")
        self.ids = ids
        self.rows = Rows()
        self.recognitions: list[Recognition] = []
        self.redraws = 0
        self.mismatches = 0
        self.registration_serial: dict[tuple[int, int], int] = {}

    # --- ids -----------------------------------------------------------------------------------
    def _id(self, model) -> int:
        found = self.ids[model]
        self.ids[model] = found + 1
        return found

    # --- sheets and the engine -----------------------------------------------------------------
    def _council(self, plan, members, rank: int, level: str, dossier_id: int, day: date, complete: bool = True):
        """Declarations and sheets of MEMBERS for one dossier; returns the engine's result (or None
        when not all expected sheets are in) and the number of expected sheets."""
        rng = self.rng
        lo, hi = TARGETS[rank]
        for _attempt in range(6):
            base = sheets.consensus(plan, rng, rank, rng.uniform(lo, hi))
            member_idx = [sheets.member(plan, rng, base, rank, rng.choice((2, 3, 4, 5, 14 if rng.random() < 0.06
                                                                            else 3)))
                          for _ in members]
            conflicted = {i for i in range(len(members)) if len(members) >= 4 and rng.random() < 0.01}
            expected = [i for i in range(len(members)) if i not in conflicted]
            answers = [sheets.as_answers(plan, member_idx[i]) for i in expected]
            engine = council_result(plan.criteria_set, answers, level=level)
            if self._fits(engine, rank, level):
                break
            self.redraws += 1
        else:
            self.mismatches += 1
        submitted_count = len(expected) if complete else self.rng.randint(0, max(0, len(expected) - 1))
        at_day = at(day, 14)
        declared = set(range(len(members))) if complete else {*expected[:submitted_count], *conflicted}
        for i, (member_id, _user) in enumerate(members):
            if i in declared:
                self.rows.declarations.append((self._id(ConflictDeclaration), member_id, dossier_id, i in conflicted,
                                               "Có quan hệ với chủ thể" if i in conflicted else "", at_day))
        for n, i in enumerate(expected[:submitted_count]):
            member_id = members[i][0]
            sheet = engine.members[n]
            self.rows.sheets.append((self._id(ScoreSheet), dossier_id, member_id,
                                     sheets.as_json(plan, member_idx[i]), sheet.total, "",
                                     at_day, at_day, at_day))
        return (engine if submitted_count == len(expected) else None), len(expected), base

    @staticmethod
    def _fits(engine, rank: int, level: str) -> bool:
        if rank == 0:
            return engine.stars < 3
        if rank == 5:
            return engine.potential_5_star and engine.stars == 5 if level == "province" else engine.stars == 5
        return engine.stars == rank and not engine.potential_5_star

    def _result(self, product, dossier_id, level, rnd, engine, n, regime, year, meeting: date, secretary_user):
        rid = self._id(RatingResult)
        finalized = at(meeting, 16)
        flagged = engine.spread > Decimal(10)
        self.rows.results.append((
            rid, product.id, dossier_id, level, rnd.province.id if level == "province" else None, regime,
            product.criteria_set, year, engine.average_display, str(engine.average)[:80], min(engine.spread, MAX_SCORE),
            engine.band_stars, engine.stars, engine.potential_5_star, flagged,
            [[code, stars] for code, stars in engine.unmet_minimums], n, MINUTES, None, meeting, finalized,
            secretary_user, False, "", finalized, finalized,
        ))
        return rid

    # --- one dossier ---------------------------------------------------------------------------
    def dossier(self, attempt) -> None:
        ctx, rng, rows = self.ctx, self.rng, self.rows
        product = attempt.product
        commune = product.commune
        rnd = attempt.round
        outcome = attempt.outcome
        if outcome == "recognised":
            path = PATHS["central" if attempt.rank == 5 else "recognised"]
        else:
            path = PATHS[outcome]
        today = ctx.today
        if rnd is not None:
            proposed = _clamp(rnd.proposal_deadline - days(rng.randint(3, 40)), today)
            submitted = proposed - days(rng.randint(7, 20))
        else:
            submitted = today - days(rng.randint(2, 45) if outcome != "withdrawn" else rng.randint(60, 400))
            proposed = None
        created = submitted - days(rng.randint(3, 30))
        regime = regime_on(submitted)
        if submitted < QD148_FROM:
            regime = "qd148-2023"
        plan = sheets.sheet_plan(regime, product.criteria_set)
        legacy = commune.legacy[0] if submitted < REFORM and commune.legacy else None
        unit_id = legacy[0] if legacy else commune.id
        year = rnd.year if rnd else submitted.year
        did = self._id(Dossier)
        attempt.dossier_id = did
        key = (commune.id, year)
        serial = self.registration_serial[key] = self.registration_serial.get(key, 0) + 1
        status = path[-1] if path else S.DRAFT
        accepted = _clamp(proposed + days(rng.randint(2, 12)), today) if proposed else None
        meeting = None
        if rnd is not None:
            meeting = _clamp(max(accepted or rnd.decision_on, rnd.decision_on - days(rng.randint(4, 25))), today)
        # Transitions and their days.
        marks = {S.SUBMITTED: submitted, S.PROPOSED: proposed, S.ACCEPTED: accepted, S.RATED: meeting,
                 S.FORWARDED_CENTRAL: meeting, S.RETURNED: (proposed or submitted) + days(rng.randint(3, 12)),
                 S.REJECTED: (accepted or submitted) + days(3), S.WITHDRAWN: submitted + days(rng.randint(20, 40))}
        central_round = self.rounds.central.get((rnd.year, rnd.sequence)) if attempt.rank == 5 and rnd else None
        if central_round is not None:
            marks[S.CENTRAL_RATED] = central_round.decision_on - days(rng.randint(3, 10))
        secretary = rnd.secretary if rnd else None
        before = S.DRAFT
        for to in path:
            actor_id, actor = None, {S.SUBMITTED: "Chủ thể", S.RETURNED: "Cán bộ xã", S.WITHDRAWN: "Chủ thể",
                                     S.PROPOSED: "Cán bộ xã"}.get(to, "Văn phòng OCOP tỉnh")
            if to in {S.RATED, S.FORWARDED_CENTRAL} and secretary:
                actor_id, actor = secretary[1], "Thư ký hội đồng"
            if to == S.CENTRAL_RATED and central_round and central_round.secretary:
                actor_id, actor = central_round.secretary[1], "Thư ký hội đồng trung ương"
            rows.transitions.append((self._id(Transition), "dossier", self.dossier_type, did, before, to, actor_id, actor,
                                     at(marks[to], 10, rng.randint(0, 59)), REASONS.get(to, "")))
            before = to
        # The commune's review (form 03).
        if proposed:
            rows.reviews.append((
                self._id(CommuneReview), did, True, "Nguyên liệu chính thu mua của nông hộ trong xã.",
                "Phần lớn lao động là người địa phương.", "Sản phẩm truyền thống của địa phương.",
                f"Gắn với vùng nguyên liệu {commune.name}.", "propose", "", f"{serial:02d}/BC-UBND", proposed, None,
                at(proposed), at(proposed),
            ))
        elif S.RETURNED in path:
            returned = marks[S.RETURNED]
            rows.reviews.append((self._id(CommuneReview), did, False, "", "", "", "", "return", REASONS[S.RETURNED],
                                 "", returned, None, at(returned), at(returned)))
        if accepted and S.ACCEPTED in path:
            rows.advisory.append((self._id(AdvisoryReport), did, "province",
                                  "Hồ sơ đầy đủ; minh chứng khớp với thực tế cơ sở.", accepted + days(3),
                                  "Cơ sở sản xuất đúng quy trình đã kê khai.", "", None, at(accepted), at(accepted)))
        # Council work.
        self_answers, self_total = {}, None
        result_ids = []
        if S.ACCEPTED in path and rnd is not None and rnd.council_id is not None:
            complete = outcome != "accepted" or rng.random() < 0.5
            engine, n, base = self._council(plan, rnd.scoring, attempt.rank, "province", did, meeting, complete)
            self_answers = sheets.as_json(plan, base)
            self_total = sheets.total_of(plan, base)
            if engine is not None and (S.RATED in path or S.FORWARDED_CENTRAL in path or outcome == "accepted"):
                final = outcome != "accepted"
                rid = self._result(product, did, "province", rnd, engine, n, regime, year, meeting,
                                   secretary[1] if secretary else None)
                if not final:  # a draft result: the secretary has not finalized yet
                    row = list(self.rows.results[-1])
                    row[17], row[19], row[20], row[21] = "", None, None, None
                    self.rows.results[-1] = tuple(row)
                result_ids.append((rid, engine, "province"))
            if central_round is not None and engine is not None and engine.potential_5_star:
                central_day = marks[S.CENTRAL_RATED]
                rows.advisory.append((self._id(AdvisoryReport), did, "central", "Hồ sơ đạt yêu cầu thẩm định.",
                                      central_day - days(10), "", "", None, at(central_day), at(central_day)))
                c_engine, c_n, _ = self._council(plan, central_round.scoring, 5, "central", did, central_day)
                rid = self._result(product, did, "central", central_round, c_engine, c_n, regime, year, central_day,
                                   central_round.secretary[1])
                result_ids.append((rid, c_engine, "central"))
        else:
            base = sheets.consensus(plan, rng, max(attempt.rank, 3), rng.uniform(55, 85))
            if rng.random() < 0.7 or status != S.DRAFT:
                self_answers = sheets.as_json(plan, base)
                self_total = sheets.total_of(plan, base)
        rows.dossiers.append((
            did, product.id, unit_id, year, attempt.dossier_kind, regime, product.criteria_set, status,
            REASONS.get(status, ""), rnd.id if rnd and proposed else None,
            central_round.id if central_round and result_ids and result_ids[-1][2] == "central" else None,
            attempt.previous.dossier_id if attempt.previous else None,
            f"{serial:02d}/PĐK-{commune.province.code}-{commune.code}-{year}",
            f"{product.name}: quy cách đóng gói, hạn sử dụng theo công bố chất lượng.",
            "Cải tiến bao bì, mở rộng thị trường." if attempt.dossier_kind != "first" else "",
            0 if product.criteria_set == "26" else 5, self_answers, self_total, None, False, "",
            at(submitted, 8) if path else None, submitted + days(21) if path else None,
            at(proposed, 15) if proposed else None, False, at(created), at(marks.get(status, created) or created),
        ))
        self._recognise(attempt, result_ids, rnd, legacy, meeting)

    def _recognise(self, attempt, result_ids, rnd, legacy, meeting) -> None:
        if attempt.outcome != "recognised" or not result_ids:
            return
        rid, engine, level = result_ids[-1]
        if engine.stars < 3 or (level == "province" and engine.potential_5_star):
            return
        product = attempt.product
        if level == "central":
            central = self.rounds.central[(rnd.year, rnd.sequence)]
            self.recognitions.append(Recognition(rid, product.id, engine.stars, "central", None,
                                                     central.decision_on, False))
            return
        issuer = legacy[2] if legacy and legacy[2] and rnd.decision_on < REFORM else product.commune.province.id
        self.recognitions.append(Recognition(rid, product.id, engine.stars, "province", issuer,
                                                 rnd.decision_on, False))

    # --- historical results ------------------------------------------------------------------
    def historical(self, attempt) -> None:
        rng = self.rng
        product = attempt.product
        old_commune, district, old_province = product.commune.legacy[0]
        if attempt.kind == "district":
            level, regime, unit, issuer_level = "district", "qd148-2023", district, "district"
            source = "Kết quả hội đồng cấp huyện theo QĐ 148/QĐ-TTg (nhập từ hồ sơ cũ)."
        else:
            level, regime, unit, issuer_level = "province", "qd1048-2019", old_province, "province"
            source = "Kết quả hội đồng cấp tỉnh theo QĐ 1048/QĐ-TTg (nhập từ hồ sơ cũ)."
        lo, hi = TARGETS[attempt.rank]
        average = Decimal(str(round(rng.uniform(lo, min(hi, 69.5 if attempt.rank == 3 else hi)), 2)))
        day = attempt.decided_on
        rid = self._id(RatingResult)
        finalized = at(day - days(5), 16)
        self.rows.results.append((
            rid, product.id, None, level, unit, regime, product.criteria_set, day.year, average, str(average), None,
            attempt.rank, attempt.rank, False, False, [], 0, "", None, day - days(5), finalized, None, True, source,
            finalized, finalized,
        ))
        self.recognitions.append(Recognition(rid, product.id, attempt.rank, issuer_level, unit, day, True))


# Rows per attempt at most, to give each province a block of ids of its own (gaps are harmless).
PER_DOSSIER = {Dossier: 1, RatingResult: 2, Transition: 5, CommuneReview: 1, AdvisoryReport: 2,
               ConflictDeclaration: 14, ScoreSheet: 14}
_JOB = {}  # what forked workers read: set before the pool starts


def _blocks(ctx: Context, groups) -> list[dict]:
    """Per province, the first id of its block in each table; the sink continues after the last."""
    starts = []
    for products in groups:
        attempts = sum(len(p.attempts) for p in products)
        ids = {}
        for model, per in PER_DOSSIER.items():
            ids[model] = ctx.sink.ids(model, attempts * per).start
        starts.append(ids)
    return starts


def _rate(index: int):
    ctx, rounds, groups, blocks = _JOB["ctx"], _JOB["rounds"], _JOB["groups"], _JOB["blocks"]
    products = groups[index]
    writer = RatingWriter(ctx, rounds, products[0].commune.province, dict(blocks[index]), _JOB["dossier_type"])
    for product in products:
        for attempt in product.attempts:
            if attempt.kind == "dossier":
                writer.dossier(attempt)
            else:
                writer.historical(attempt)
    return index, writer.rows, writer.recognitions, writer.redraws, writer.mismatches


def generate(ctx: Context, rounds, workers: int = 1) -> None:
    by_province: dict[int, list] = {}
    for product in ctx.products:
        by_province.setdefault(product.commune.province.id, []).append(product)
    groups = list(by_province.values())
    _JOB.update(ctx=ctx, rounds=rounds, groups=groups, blocks=_blocks(ctx, groups),
                dossier_type=ContentType.objects.get_for_model(Dossier).pk)
    redraws = mismatches = done = 0
    try:
        if workers > 1:
            import multiprocessing

            pool = multiprocessing.get_context("fork").Pool(workers)
            results = pool.imap_unordered(_rate, range(len(groups)))
        else:
            pool, results = None, map(_rate, range(len(groups)))
        for index, rows, recognitions, redrawn, missed in results:
            rows.flush(ctx.sink)
            ctx.recognitions.extend(recognitions)
            before, done = done, done + len(groups[index])
            redraws, mismatches = redraws + redrawn, mismatches + missed
            if 10 * done // len(ctx.products) > 10 * before // len(ctx.products):  # every tenth
                ctx.progress(f"đánh giá: {done:,}/{len(ctx.products):,} sản phẩm")
        if pool is not None:
            pool.close()
            pool.join()
    finally:
        _JOB.clear()
    ctx.recognitions.sort(key=lambda r: r.result_id)  # the same decisions whatever the order of arrival
    written = ctx.sink.written
    ctx.progress(f"hồ sơ: {written.get('rating.Dossier', 0):,}, phiếu chấm: {written.get('rating.ScoreSheet', 0):,}, "
                 f"kết quả: {written.get('rating.RatingResult', 0):,}; chấm lại {redraws:,} lần, "
                 f"{mismatches} kết quả khác dự kiến")
