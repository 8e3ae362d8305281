"""The rating documents to sign, built as ocop.core.official documents (PDF and .docx):

* form 03 (Mẫu số 03, QĐ 26/2026 Annex III): the commune's report on the dossier, signed for the
  commune people's committee;
* the council minutes (biên bản họp hội đồng) of a dossier's result: who sat, each member's total,
  the average, the spread, the rank, the minimums missed, the minutes text; signed by the secretary
  and the chair.

Only reads: the views fetch the records through the scoped selectors first.
"""

from decimal import Decimal

from ocop.core.official import OfficialDocument, Para, Signature, Table, date_line, number_line
from ocop.lib.formatting import official_date
from ocop.rating.models import CommuneReview, RatingRound
from ocop.rating.selectors import council_progress

UBND = "ỦY BAN NHÂN DÂN"
MINISTRY = "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
BASIS = ("Căn cứ Quyết định số 26/2026/QĐ-TTg ngày 22 tháng 5 năm 2026 của Thủ tướng Chính phủ ban hành "
         "Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm mỗi xã một sản phẩm;")


def score_text(value: Decimal | None) -> str:
    """81.5 → "81,50" (the decimal comma of Vietnamese documents)."""
    return "—" if value is None else f"{Decimal(value):.2f}".replace(".", ",")


def stars_text(stars: int | None) -> str:
    return f"{stars} sao" if stars else "—"


def _name(member) -> str:
    return (member.user.get_full_name() or member.user.username) if member is not None else ""


def _province(unit):
    while unit is not None and unit.level not in ("province",):
        unit = unit.parent
    return unit


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --- Form 03 ------------------------------------------------------------------------------------

def form03(review: CommuneReview) -> OfficialDocument:
    dossier = review.dossier
    product, producer = dossier.product, dossier.product.producer
    commune = dossier.unit
    province = _province(commune)
    address = ", ".join(part for part in (producer.address, producer.unit.full_name,
                                          province.full_name if province else "") if part)
    gender = ("Nữ" if producer.rep_is_woman else "Nam") if producer.rep_name else "…"
    content = [
        Para("I. THÔNG TIN CHUNG VỀ HỒ SƠ SẢN PHẨM", "heading"),
        Para(f"1. Tên chủ thể: {producer.name}"),
        Para(f"2. Loại hình tổ chức: {producer.get_kind_display()}"),
        Para(f"3. Địa chỉ: {address}"),
        Para("4. Tên người đại diện pháp luật:"),
        Para(f"- Họ tên: {producer.rep_name or '…'}{f' ({producer.rep_title})' if producer.rep_title else ''}"),
        Para(f"- Giới tính: {gender}; Dân tộc: {producer.rep_ethnicity or '…'}"),
        Para(f"5. Sản phẩm đăng ký đánh giá: {product.name} ({dossier.get_kind_display().lower()}; "
             f"{dossier.get_criteria_set_display()}; điểm tự đánh giá: {score_text(dossier.self_total)})"),
        Para("II. ĐÁNH GIÁ MỘT SỐ NỘI DUNG CỦA HỒ SƠ SẢN PHẨM", "heading"),
        Para("Thành phần hồ sơ: " + ("đầy đủ, hợp lệ." if review.complete else "chưa đầy đủ, hợp lệ.")),
        Para(f"1. Về sử dụng nguyên liệu địa phương: {review.local_materials or '…'}"),
        Para(f"2. Về sử dụng lao động địa phương: {review.local_labour or '…'}"),
        Para(f"3. Nguồn gốc ý tưởng sản phẩm: {review.idea_origin or '…'}"),
        Para(f"4. Bản sắc/trí tuệ địa phương: {review.local_identity or '…'}"),
    ]
    province_name = _lower_first(province.full_name) if province else "tỉnh"
    if review.conclusion == CommuneReview.Conclusion.PROPOSE:
        content.append(Para(f"Ủy ban nhân dân {_lower_first(commune.full_name)} đề nghị Ủy ban nhân dân "
                            f"{province_name} đánh giá, phân hạng sản phẩm OCOP cho sản phẩm {product.name} "
                            f"của {producer.name}."))
    else:
        content.append(Para(f"Ủy ban nhân dân {_lower_first(commune.full_name)} trả lại hồ sơ để chủ thể bổ sung, "
                            f"hoàn thiện. Lý do: {review.reasons}"))
    recipients = [f"- UBND {province_name} (Cơ quan thường trực OCOP);" if province else "- UBND tỉnh;",
                  f"- {producer.name};", "- Lưu: VT."]
    return OfficialDocument(
        body=f"{UBND} {commune.full_name.upper()}",
        number=number_line(review.report_number, "BC-UBND"),
        place_date=date_line(commune.name, review.issued_on),
        kind="BÁO CÁO",
        subject="Đánh giá một số nội dung của hồ sơ đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP",
        filename=f"mau-03-ho-so-{dossier.pk}",
        content=tuple(content),
        signatures=(Signature(("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),),
        recipients=tuple(recipients),
    )


# --- Council minutes ------------------------------------------------------------------------------

def _absences(result, progress) -> dict[int, str]:
    """member id → reason: as recorded when the result was finalized, else the council's seats now."""
    if result.is_final:
        return {a["member"]: a.get("reason", "") for a in (result.absent_members or [])}
    return {m.pk: m.absence_reason for m in progress.absent}


def _member_rows(progress, absences: dict[int, str]) -> tuple[list[tuple[str, ...]], list[str]]:
    """Table rows (one per scoring member) and the absent members' lines."""
    rows, absent = [], []
    for i, member in enumerate(progress.scoring, start=1):
        name = _name(member)
        role = member.get_role_display()
        sheet = progress.submitted.get(member.pk)
        if member.pk in absences:
            reason = absences[member.pk]
            total, note = "—", f"Vắng mặt{f': {reason}' if reason else ''}"
            absent.append(f"{name} ({role}){f': {reason}' if reason else ''}")
        elif member.pk in progress.conflicted:
            total, note = "—", "Có xung đột lợi ích, không chấm"
        elif sheet is not None:
            total, note = score_text(sheet.total), sheet.opinion
        else:
            total, note = "—", "Chưa nộp phiếu"
        rows.append((str(i), name, role, member.organization, total, note))
    return rows, absent


def minutes(result, council) -> OfficialDocument:
    dossier = result.dossier
    product, producer = dossier.product, dossier.product.producer
    rnd = council.round
    central = rnd.level == RatingRound.Level.CENTRAL
    progress = council_progress(dossier, council)
    absences = _absences(result, progress)
    rows, absent = _member_rows(progress, absences)
    members = list(council.members.select_related("user"))
    chair = next((m for m in members if m.role == "chair"), None)
    secretary = next((m for m in members if m.role == "secretary"), None)
    province = None if central else rnd.unit
    place = "Hà Nội" if central else province.name
    day = result.meeting_on or (result.finalized_at.date() if result.finalized_at else None)
    founding = (f"Căn cứ Quyết định số {council.decision_number}"
                f"{f' ngày {official_date(council.established_on)}' if council.established_on else ''} "
                f"thành lập {council.name};") if council.decision_number else ""
    content = [
        Para(BASIS, "italic"),
        *([Para(founding, "italic")] if founding else []),
        Para(f"Hôm nay, {date_line(place, day).split(', ', 1)[1]}, {council.name} họp đánh giá, phân hạng "
             f"sản phẩm OCOP ({rnd})" + (" bằng văn bản." if council.written_only or dossier.written_only else ".")),
        Para("I. SẢN PHẨM ĐÁNH GIÁ", "heading"),
        Para(f"Sản phẩm: {product.name}; chủ thể: {producer.name}; địa chỉ: {dossier.unit.full_name}; "
             f"{dossier.get_criteria_set_display()} ({dossier.get_regime_display()})."),
        Para("II. THÀNH PHẦN VÀ ĐIỂM CỦA TỪNG THÀNH VIÊN", "heading"),
        Table(("TT", "Thành viên", "Chức danh", "Cơ quan", "Tổng điểm", "Ghi chú"), tuple(rows),
              widths=(6, 24, 16, 22, 12, 20)),
    ]
    present = len(progress.scoring) - len(absences)
    content.append(Para(f"Số thành viên chấm điểm: {len(progress.scoring)}; có mặt: {present}; vắng mặt: "
                        f"{len(absences)}; số phiếu hợp lệ: {len(progress.submitted)}."))
    if absent:
        content.append(Para("Thành viên vắng mặt (không tính vào điểm trung bình): " + "; ".join(absent) + "."))
    if secretary is not None:
        content.append(Para(f"Thư ký hội đồng: {_name(secretary)}."))
    unmet = ", ".join(f"{code} ({stars} sao)" for code, stars in (result.unmet_minimums or []))
    content += [
        Para("III. KẾT QUẢ", "heading"),
        Para(f"Điểm trung bình: {score_text(result.average)} điểm."),
        Para(f"Chênh lệch điểm cao nhất – thấp nhất: {score_text(result.spread)} điểm "
             f"(ngưỡng {score_text(council.spread_threshold)})."),
        Para(f"Hạng theo khung điểm: {stars_text(result.band_stars)}; hạng sao: {stars_text(result.stars)}."),
    ]
    if unmet:
        content.append(Para(f"Yêu cầu tối thiểu chưa đạt: {unmet}."))
    if result.potential_5_star:
        content.append(Para("Sản phẩm đạt tiềm năng 5 sao, đề nghị chuyển Hội đồng cấp trung ương."))
    if result.flagged_for_discussion:
        content.append(Para("Điểm của các thành viên chênh lệch vượt ngưỡng: hội đồng thảo luận trước khi kết luận."))
    if getattr(result, "discussion_note", ""):
        confirmed = result.discussion_confirmed_by
        by = f" (Chủ tịch hội đồng {confirmed.get_full_name() or confirmed.username} xác nhận)" if confirmed else ""
        content.append(Para(f"Nội dung thảo luận về chênh lệch điểm{by}: {result.discussion_note}"))
    content += [Para("IV. Ý KIẾN, KẾT LUẬN CỦA HỘI ĐỒNG", "heading"), Para(result.minutes or "…")]
    if not result.is_final:
        content.append(Para("(Kết quả chưa được hoàn tất trên hệ thống.)", "italic"))
    body_parent = MINISTRY if central else f"{UBND} {province.full_name.upper()}"
    return OfficialDocument(
        body_parent=body_parent,
        body=council.name.upper(),
        number=number_line("", "BB-HĐ"),
        place_date=date_line(place, day),
        kind="BIÊN BẢN",
        subject=f"Họp hội đồng đánh giá, phân hạng sản phẩm OCOP {'cấp trung ương' if central else 'cấp tỉnh'}",
        filename=f"bien-ban-hoi-dong-ho-so-{dossier.pk}-{rnd.level}",
        content=tuple(content),
        signatures=(
            Signature(("THƯ KÝ HỘI ĐỒNG",), _name(secretary)),
            Signature(("CHỦ TỊCH HỘI ĐỒNG",), _name(chair)),
        ),
        draft=not result.is_final,
    )
