"""The recognition decision as a document to sign (ocop.core.official: PDF and .docx), with its
annex listing the products (name, producer, commune, stars, points).

Built from plain values, so the same text serves the draft (dự thảo: the officer's choices on the
issue form, before the number is given) and a decision already recorded.
"""

import re
from dataclasses import dataclass
from datetime import date

from ocop.certificates.models import Decision
from ocop.certificates.numbering import SUFFIXES
from ocop.certificates.rendering import issuer_heading
from ocop.core.official import OfficialDocument, Para, Signature, Table, date_line, number_line
from ocop.lib.formatting import official_date
from ocop.rating.documents import BASIS, score_text


@dataclass(frozen=True)
class Line:
    """One product of the annex."""

    product: str
    producer: str
    commune: str
    stars: int
    points: object


def lines_of(pairs) -> list[Line]:
    """(result, stars) pairs → annex lines, best stars first, then by product name."""
    lines = [
        Line(result.product.name, result.product.producer.name,
             ", ".join(u.full_name for u in (result.product.unit, result.product.unit.parent) if u is not None),
             stars, result.average)
        for result, stars in pairs
    ]
    return sorted(lines, key=lambda line: (-line.stars, line.product))


def _signature(level: str, signer_name: str, signer_title: str) -> Signature:
    if level == Decision.Level.CENTRAL:
        chief, deputy = "BỘ TRƯỞNG", "THỨ TRƯỞNG"
    else:
        chief, deputy = "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    title = (signer_title or deputy).strip().upper()
    if title.startswith(("KT.", "TM.", "Q.")):  # typed as the whole block: "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH"
        return Signature(tuple(part.strip() for part in re.split(r"\s+[–-]\s+|\n", title) if part.strip()),
                         signer_name)
    if title == chief:
        return Signature((chief,), signer_name)
    return Signature((f"KT. {chief}", title), signer_name)


def decision_document(
    *, level: str, unit, lines: list[Line], signed_on: date | None, number: str = "", signer_name: str = "",
    signer_title: str = "", note: str = "", draft: bool = False,
) -> OfficialDocument:
    holder = Decision(issuer_level=level, issuer_unit=unit)
    body, authority = issuer_heading(holder)
    central = level == Decision.Level.CENTRAL
    place = "Hà Nội" if central else unit.name
    year = signed_on.year if signed_on else ""
    where = "" if central else f" {unit.full_name[:1].lower()}{unit.full_name[1:]}"
    counts = {s: sum(1 for line in lines if line.stars == s) for s in (5, 4, 3)}
    by_stars = ", ".join(f"{n} sản phẩm {s} sao" for s, n in counts.items() if n)
    number_text = number_line(number, SUFFIXES[level])
    content = [
        Para(authority.upper(), "bold-center"),
        Para(BASIS, "italic"),
        Para("Căn cứ kết quả đánh giá, phân hạng sản phẩm của Hội đồng đánh giá, phân hạng sản phẩm OCOP"
             f"{' cấp trung ương' if central else where};", "italic"),
        Para("Theo đề nghị của cơ quan thường trực Chương trình OCOP" + ("." if central else where + "."), "italic"),
        Para("QUYẾT ĐỊNH:", "bold-center"),
        Para(f"Điều 1. Công nhận {len(lines)} sản phẩm đạt chuẩn OCOP{where} năm {year} ({by_stars}); "
             "danh sách tại Phụ lục kèm theo Quyết định này."),
        Para("Điều 2. Giấy chứng nhận sản phẩm OCOP có giá trị 36 tháng kể từ ngày ký Quyết định này. "
             "Chủ thể có sản phẩm được công nhận có trách nhiệm duy trì chất lượng sản phẩm và các tiêu chí "
             "đã đạt, sử dụng biểu trưng OCOP đúng quy định."),
        Para("Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị liên quan, "
             "Chủ tịch Ủy ban nhân dân các xã, phường có sản phẩm và các chủ thể có tên tại Phụ lục chịu "
             "trách nhiệm thi hành Quyết định này."),
    ]
    if note:
        content.append(Para(note, "italic"))
    rows = tuple(
        (str(i), line.product, line.producer, line.commune, f"{line.stars} sao", score_text(line.points))
        for i, line in enumerate(lines, start=1)
    )
    on = f"ngày {official_date(signed_on)}" if signed_on and not draft else "ngày …/…/…"
    issuer = "Bộ trưởng Bộ Nông nghiệp và Môi trường" if central else authority
    return OfficialDocument(
        body=body,
        number=number_text,
        place_date=date_line(place, None if draft else signed_on),
        kind="QUYẾT ĐỊNH",
        subject=f"Về việc công nhận sản phẩm đạt chuẩn OCOP{where} năm {year}",
        filename=f"{'du-thao-' if draft else ''}quyet-dinh-cong-nhan-ocop-{number.split('/')[0] if number else year}",
        content=tuple(content),
        signatures=(_signature(level, signer_name, signer_title),),
        recipients=("- Như Điều 3;",
                    "- Bộ Nông nghiệp và Môi trường;" if not central else "- UBND các tỉnh có sản phẩm;",
                    "- Lưu: VT."),
        annex_title=("PHỤ LỤC", "DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN OCOP",
                     f"(Kèm theo Quyết định số {number or '…'} {on} của {issuer})"),
        annex=(Table(("TT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao", "Điểm"), rows,
                     widths=(6, 26, 26, 22, 10, 10)),),
        draft=draft,
    )


def for_decision(decision: Decision) -> OfficialDocument:
    items = decision.items.select_related("result__product__producer", "result__product__unit__parent")
    return decision_document(
        level=decision.issuer_level, unit=decision.issuer_unit, signed_on=decision.signed_on, number=decision.number,
        signer_name=decision.signer_name, signer_title=decision.signer_title, note=decision.note,
        lines=lines_of((item.result, item.stars) for item in items),
    )
