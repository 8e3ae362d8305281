"""What may happen after a council's result: the one place of these rules (QĐ 26/2026 Art. 7.3.e,
7.4.g, read in ../shared/docs/domain.md §5 "Potential 5★"). Pure module: plain values in.

A province result
    - potential 5★ = the average reaches FIVE_STAR_AVERAGE (90) **and** the 5★ minimums hold (the
      rank is 5★). The council chair approves the result (CHAIR_APPROVES); once approved the
      province sends the package to the Ministry (SEND_TO_CENTRAL). The law is silent on a chair
      who does not approve: so that the product is never left without a next step, a declined
      result is recognised by the province at its highest rank, 4★ (PROVINCE_RECOGNISES_4), and
      the product may be proposed to a later central round by a new dossier. The chair is the council's
      chair (CouncilMember role "chair"): the project has no province-leader role, and the council
      chair is the province leader who signs the council's result in practice;
    - rank 3★ or 4★, whatever the average (a product of 90 or more that missed a 5★ minimum
      included): the province recognises it at that rank (PROVINCE_RECOGNISES);
    - rank below 3★: not recognised; the producer improves the product and files again
      (FILE_AGAIN).
A central result
    - 5★: the Ministry recognises it (MINISTRY_RECOGNISES);
    - 3★ or 4★, whatever the average: the province recognises it at the central rank
      (PROVINCE_RECOGNISES), or the province rates the product again (PROVINCE_RATES_AGAIN: a new
      dossier in a province round);
    - below 3★: the province rates it again, or the producer files again.

No result is left without a next step (the table test walks every combination).
"""

from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from ocop.criteria.scoring import FIVE_STAR_AVERAGE

PROVINCE, CENTRAL = "province", "central"


class Step(StrEnum):
    CHAIR_APPROVES = "chair_approves"
    PROVINCE_RECOGNISES_4 = "province_recognises_4"
    SEND_TO_CENTRAL = "send_to_central"
    PROVINCE_RECOGNISES = "province_recognises"
    MINISTRY_RECOGNISES = "ministry_recognises"
    PROVINCE_RATES_AGAIN = "province_rates_again"
    FILE_AGAIN = "file_again"


def is_potential_5_star(level: str, average: Decimal | int, stars: int) -> bool:
    """A province result whose average reaches 90 and whose 5★ minimums hold (rank 5★)."""
    return level == PROVINCE and average >= FIVE_STAR_AVERAGE and stars == 5


#: The highest rank a province recognises (Art. 7.3): 5★ is the Ministry's.
PROVINCE_MAX_STARS = 4


def next_steps(
    level: str, average: Decimal | int, stars: int, *, approved: bool = False, declined: bool = False,
) -> tuple[Step, ...]:
    """The steps open after a final result of LEVEL (province or central) with AVERAGE and rank
    STARS; APPROVED / DECLINED say whether the chair has approved, or declined to approve, a
    potential 5★ province result."""
    if level == PROVINCE:
        if is_potential_5_star(level, average, stars):
            if declined:
                return (Step.PROVINCE_RECOGNISES_4,)
            return (Step.SEND_TO_CENTRAL,) if approved else (Step.CHAIR_APPROVES,)
        if stars >= 3:
            return (Step.PROVINCE_RECOGNISES,)
        return (Step.FILE_AGAIN,)
    if level == CENTRAL:
        if stars == 5:
            return (Step.MINISTRY_RECOGNISES,)
        if stars >= 3:
            return (Step.PROVINCE_RECOGNISES, Step.PROVINCE_RATES_AGAIN)
        return (Step.PROVINCE_RATES_AGAIN, Step.FILE_AGAIN)
    raise ValueError(f"cấp đánh giá {level!r} không hợp lệ (province hoặc central)")


def recognised_stars(level: str, stars: int, *, declined: bool = False) -> int:
    """The rank a decision recognises: a declined potential 5★ province result at 4★."""
    if level == PROVINCE and declined:
        return min(stars, PROVINCE_MAX_STARS)
    return stars


def may_recognise(issuer_level: str, result_level: str, average, stars: int, *, declined: bool = False) -> bool:
    """Whether a decision of ISSUER_LEVEL may recognise a (non-historical) result."""
    steps = next_steps(result_level, average, stars, declined=declined)
    if issuer_level == PROVINCE:
        return Step.PROVINCE_RECOGNISES in steps or Step.PROVINCE_RECOGNISES_4 in steps
    if issuer_level == CENTRAL:
        return Step.MINISTRY_RECOGNISES in steps
    return False


LABELS = {
    Step.CHAIR_APPROVES: _("Chủ tịch hội đồng phê duyệt kết quả tiềm năng 5 sao trước khi gửi Bộ"),
    Step.PROVINCE_RECOGNISES_4: _("Chủ tịch hội đồng không phê duyệt gửi Bộ: UBND tỉnh công nhận ở hạng 4 sao; "
                                  "sản phẩm có thể được đề xuất lại ở đợt sau"),
    Step.SEND_TO_CENTRAL: _("Gửi hồ sơ lên Hội đồng cấp trung ương (tiềm năng 5 sao)"),
    Step.PROVINCE_RECOGNISES: _("UBND tỉnh công nhận và cấp giấy chứng nhận theo hạng sao đã xếp"),
    Step.MINISTRY_RECOGNISES: _("Bộ Nông nghiệp và Môi trường công nhận sản phẩm 5 sao"),
    Step.PROVINCE_RATES_AGAIN: _("Tỉnh đánh giá lại (hồ sơ mới trong một đợt cấp tỉnh)"),
    Step.FILE_AGAIN: _("Không được công nhận; chủ thể hoàn thiện sản phẩm và đăng ký lại"),
}
