"""The demo's portal step (runs last): every role has work waiting.

* the producer account "chuthe" has a returned dossier (the commune asked for more) and a
  submitted one, on new products of its own producer, beside its certificates and the draft of
  the rating step;
* the commune of "chuthe" gets a commune officer (its login is printed with the others), and the
  two demo communes each get a submitted dossier, so every demo commune officer has the commune
  step (review within 15 working days) in front of them.

Every write goes through the services; idempotent (a product with a dossier is left alone).
"""

from django.conf import settings

from ocop.accounts.models import Role, User
from ocop.lib.text import fold
from ocop.registry.models import Producer, ProducerMember, Product
from ocop.territory.models import AdminUnit

RETURN_REASON = "Thiếu phiếu kiểm nghiệm chỉ tiêu vi sinh còn hiệu lực; đề nghị bổ sung rồi nộp lại."


def officer_username(commune: AdminUnit) -> str:
    return f"xa.{fold(commune.name).replace(' ', '')}"


def _officer(commune: AdminUnit) -> tuple[User, bool]:
    from ocop.accounts.demo import DEMO_PASSWORD, ensure_role

    user, made = User.objects.get_or_create(
        username=officer_username(commune),
        defaults={"full_name": f"Cán bộ OCOP {commune.full_name}", "is_staff": True},
    )
    if made:
        user.set_password(DEMO_PASSWORD)
        user.save()
    ensure_role(user, Role.COMMUNE_OFFICER, commune)
    return user, made


def _product(producer: Producer, name: str, criteria_set: str) -> Product:
    from ocop.rating.demo import YEAR
    from ocop.registry import services as registry

    return Product.objects.filter(producer=producer, name=name).first() or registry.product_create(
        actor=None, producer=producer, name=name, criteria_set=criteria_set, year=YEAR,
        description=f"{name} – sản phẩm đăng ký đánh giá năm {YEAR}.", packaging="Hộp giấy 250 g", price=120000,
    )


def _file(product: Product, *, returned: bool) -> bool:
    """A submitted dossier for PRODUCT (then returned by the commune when RETURNED); False if it
    already has one."""
    from ocop.rating.demo import YEAR, answers_near
    from ocop.rating.services import dossiers, review
    from ocop.rating.workflow import DossierStatus

    if product.dossiers.exists():
        return False
    dossier = dossiers.dossier_create(actor=None, product=product, year=YEAR,
                                      product_spec=f"{product.name}: {product.packaging or 'hộp giấy'}.")
    dossiers.dossier_self_assess(dossier=dossier, actor=None, answers=answers_near(dossier.regime,
                                                                                   dossier.criteria_set, 72))
    dossier = dossiers.dossier_transition(dossier=dossier, to=DossierStatus.SUBMITTED, actor=None)
    if returned:
        review.commune_review_issue(dossier=dossier, actor=None, conclusion="return", complete=False,
                                    reasons=RETURN_REASON)
    return True


def seed(log=print) -> dict:
    from ocop.accounts.demo import demo_communes

    counts = {"officers_created": 0, "dossiers_created": 0}
    province = AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT, level=AdminUnit.Level.PROVINCE,
                                        code=settings.OCOP_DEFAULT_PROVINCE_CODE).first()
    own = ProducerMember.objects.filter(user__username="chuthe").select_related("producer__unit").first()
    if province is None or own is None:
        log("Cổng chủ thể: bỏ qua (chưa có tỉnh hoặc tài khoản chủ thể mẫu).")
        return counts
    producer = own.producer
    counts["officers_created"] += _officer(producer.unit)[1]
    counts["dossiers_created"] += _file(_product(producer, "Bột ca cao sữa Trọng Đức", "13"), returned=True)
    counts["dossiers_created"] += _file(_product(producer, "Kẹo ca cao nhân điều Trọng Đức", "08"), returned=False)
    for commune in demo_communes(province):
        if commune == producer.unit:
            continue
        local = Producer.objects.filter(unit=commune).exclude(pk=producer.pk).order_by("id").first()
        if local is None:
            continue
        name = f"Đặc sản {commune.name} của {local.name}"[:255]
        counts["dossiers_created"] += _file(_product(local, name, "07"), returned=False)
    log(f"Cổng chủ thể: {counts['officers_created']} cán bộ xã mới, {counts['dossiers_created']} hồ sơ mới "
        f"(trả lại, chờ xã thẩm định).")
    return counts
