"""Rating rounds of every current province (two a year) and of the central level, each with its
council: a secretary and 3–7 scoring members drawn from the province's pool of experts (users
with the council roles). Rounds whose proposals are not closed yet have no council."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.ops.synth import names
from ocop.ops.synth.context import Context, at, days
from ocop.ops.synth.units import Province
from ocop.rating.models import Council, CouncilMember, RatingRound
from ocop.rating.services.rounds import default_dates

ORGANISATIONS = (
    "Sở Nông nghiệp và Môi trường", "Sở Công Thương", "Sở Y tế", "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính", "Liên minh Hợp tác xã tỉnh", "Hội Nông dân tỉnh",
    "Trung tâm Khuyến nông", "Văn phòng Điều phối nông thôn mới",
)
CENTRAL_ORGANISATIONS = (
    "Bộ Nông nghiệp và Môi trường", "Bộ Công Thương", "Bộ Y tế", "Bộ Khoa học và Công nghệ",
    "Bộ Văn hóa, Thể thao và Du lịch", "Văn phòng Điều phối nông thôn mới Trung ương", "Liên minh Hợp tác xã Việt Nam",
)
POOL = 9  # experts per province (and at the central level)


@dataclass(slots=True)
class Round:
    id: int
    level: str
    province: Province | None
    year: int
    sequence: int
    proposal_deadline: date
    rating_deadline: date
    decision_on: date
    status: str
    council_id: int | None = None
    scoring: list = field(default_factory=list)  # [(member id, user id)]
    secretary: tuple | None = None  # (member id, user id)


@dataclass
class Rounds:
    province: dict  # (province id, year, sequence) -> Round
    central: dict  # (year, sequence) -> Round

    by_province: dict = field(default_factory=dict)  # province id -> its rounds, oldest first

    def closed(self, province: Province, after: date | None = None) -> list[Round]:
        return [r for r in self.by_province.get(province.id, ())
                if r.status == "closed" and (after is None or r.decision_on > after)]

    def upcoming(self, province: Province) -> list[Round]:
        return [r for r in self.by_province.get(province.id, ()) if r.status != "closed"]


def _status(proposal: date, decision: date, today: date) -> str:
    """The generator's own view of a round (its rows get their phase from their dates and dossiers)."""
    if decision < today:
        return "closed"
    return "scoring" if proposal < today else "open"


def _users(ctx: Context, rng, where: str, unit_id, organisations, user_rows, role_rows) -> tuple[list, int]:
    """POOL experts and one secretary: (expert user ids with organisation, secretary user id)."""
    ids = ctx.sink.ids(User, POOL + 1)
    experts = []
    joined = at(ctx.today.replace(year=ctx.today.year - 4, day=1))
    for n, uid in enumerate(ids):
        full_name, _woman = names.person(rng)
        username = f"synth.{where}.{'thuky' if n == POOL else f'hd{n + 1}'}"
        user_rows.append((uid, ctx.unusable_password, None, False, username, "", "", "", True, True, joined,
                          full_name, ""))
        role = Role.COUNCIL_SECRETARY if n == POOL else Role.COUNCIL_MEMBER
        if unit_id is not None:  # a council role needs its province; central experts act through their seats
            role_rows.append((ctx.sink.ids(RoleAssignment, 1)[0], uid, role, unit_id, True, "synth", joined))
        if n < POOL:
            experts.append((uid, organisations[n % len(organisations)]))
    return experts, ids[-1]


def generate(ctx: Context) -> Rounds:
    rng = ctx.rng("rounds")
    ctx.unusable_password = make_password(None)
    years = range(ctx.today.year - 3, ctx.today.year + 1)
    user_rows, role_rows, round_rows, council_rows, member_rows = [], [], [], [], []
    rounds = Rounds({}, {})
    places = [(p, f"tinh{p.code}", p.id, ORGANISATIONS) for p in ctx.geo.provinces]
    places.append((None, "trunguong", None, CENTRAL_ORGANISATIONS))
    for province, where, unit_id, organisations in places:
        experts, secretary = _users(ctx, rng, where, unit_id, organisations, user_rows, role_rows)
        level = RatingRound.Level.PROVINCE if province else RatingRound.Level.CENTRAL
        for year in years:
            for seq, proposal, rating in default_dates(level, year):
                decision = rating - days(5 if province is None else 3)
                rid = ctx.sink.ids(RatingRound, 1)[0]
                rnd = Round(rid, level, province, year, seq, proposal, rating, decision,
                            _status(proposal, decision, ctx.today))
                round_rows.append((rid, level, unit_id, year, seq, proposal, rating, "",
                                   at(proposal - days(90)), at(proposal - days(90))))
                if province:
                    rounds.province[(province.id, year, seq)] = rnd
                    rounds.by_province.setdefault(province.id, []).append(rnd)
                else:
                    rounds.central[(year, seq)] = rnd
                if proposal >= ctx.today:
                    continue
                cid = ctx.sink.ids(Council, 1)[0]
                rnd.council_id = cid
                where_name = f"tỉnh {province.name}" if province else "cấp trung ương"
                established = proposal - days(20)
                council_rows.append((
                    cid, rid, f"Hội đồng đánh giá, phân hạng sản phẩm OCOP {where_name} đợt {seq}/{year}",
                    f"{rng.randint(100, 3500)}/QĐ-{'UBND' if province else 'BNNMT'}", established,
                    Decimal(10), False, at(established), at(established),
                ))
                scoring = rng.randint(3, 7)
                chosen = [experts[0], *rng.sample(experts[1:], scoring - 1)]
                for n, (uid, organisation) in enumerate(chosen):
                    mid = ctx.sink.ids(CouncilMember, 1)[0]
                    role = (CouncilMember.Role.CHAIR if n == 0 else
                            CouncilMember.Role.VICE_CHAIR if n == 1 and scoring >= 5 else CouncilMember.Role.MEMBER)
                    member_rows.append((mid, cid, uid, role, organisation, ""))
                    rnd.scoring.append((mid, uid))
                mid = ctx.sink.ids(CouncilMember, 1)[0]
                member_rows.append((mid, cid, secretary, CouncilMember.Role.SECRETARY,
                                    "Văn phòng Điều phối nông thôn mới", ""))
                rnd.secretary = (mid, secretary)
    sink = ctx.sink
    sink.write(User, ("id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
                      "email", "is_staff", "is_active", "date_joined", "full_name", "phone"), user_rows)
    sink.write(RoleAssignment, ("id", "user_id", "role", "unit_id", "is_active", "note", "created_at"), role_rows)
    sink.write(RatingRound, ("id", "level", "unit_id", "year", "sequence", "proposal_deadline", "rating_deadline",
                             "note", "created_at", "updated_at"), round_rows)
    sink.write(Council, ("id", "round_id", "name", "decision_number", "established_on", "spread_threshold",
                         "written_only", "created_at", "updated_at"), council_rows)
    sink.write(CouncilMember, ("id", "council_id", "user_id", "role", "organization", "title"), member_rows)
    ctx.progress(f"đợt đánh giá: {len(round_rows):,}, hội đồng: {len(council_rows):,}, "
                 f"thành viên: {len(member_rows):,}")
    return rounds
