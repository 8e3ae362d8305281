"""Writes of trade promotion. Each service is keyword-only and atomic: it re-checks the actor's
scope inside the transaction, validates (full_clean), saves, and writes an AuditEvent with the
fields that changed. actor=None means the system (demo seed, imports).

Who writes: office roles (province, commune, department, national) within their units. The unit
that decides is the event's for events, participations, contacts and orders; the sales point's
commune for sales points; the product's commune for e-commerce links.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from ocop.accounts.policy import can_write as can_write_in_scope
from ocop.accounts.roles import WRITING_OFFICES
from ocop.core.audit import AuditAction, RecordActions, audit_record, diff, snapshot
from ocop.core.public_version import public_data_changed
from ocop.promotion.models import BuyerContact, EcommerceLink, Event, FollowUpOrder, Participation, SalesPoint

EVENT_ACTIONS = RecordActions.of("PROMOTION_EVENT")
PARTICIPATION_ACTIONS = RecordActions.of("PROMOTION_PARTICIPATION")
CONTACT_ACTIONS = RecordActions.of("PROMOTION_CONTACT")
ORDER_ACTIONS = RecordActions.of("PROMOTION_ORDER")
SALES_POINT_ACTIONS = RecordActions.of("PROMOTION_SALES_POINT")
LINK_ACTIONS = RecordActions.of("PROMOTION_LINK")

EVENT_FIELDS = ["name", "kind", "organiser", "starts_on", "ends_on", "place", "unit", "organising_cost", "visitors",
                "description", "is_public"]
PARTICIPATION_FIELDS = ["event", "producer", "booth", "cost", "sales", "note"]
CONTACT_FIELDS = ["participation", "name", "organisation", "phone", "email", "interest"]
ORDER_FIELDS = ["participation", "buyer", "ordered_on", "amount", "note"]
SALES_POINT_FIELDS = ["name", "kind", "operator", "address", "unit", "phone", "opened_on", "is_active"]
LINK_FIELDS = ["product", "platform", "url", "shop_name", "is_active"]
FIELDS = {Event: EVENT_FIELDS, Participation: PARTICIPATION_FIELDS, BuyerContact: CONTACT_FIELDS,
          FollowUpOrder: ORDER_FIELDS, SalesPoint: SALES_POINT_FIELDS, EcommerceLink: LINK_FIELDS}


def check_can_write(actor, unit) -> None:
    """Office roles write within their units; the system (None) and superusers anywhere."""
    if actor is None or actor.is_superuser:
        return
    if can_write_in_scope(actor, unit, WRITING_OFFICES):
        return
    raise PermissionDenied(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))


# What the public pages show: events (home page), sales points and e-commerce links (product pages).
PUBLIC_MODELS = (Event, SalesPoint, EcommerceLink)


def _save(instance: models.Model, *, actor, unit, fields: list[str], actions: RecordActions,
          m2m: dict | None = None):
    """Scope check (on the old unit as well, when it changes), validate, save, audit."""
    model = type(instance)
    before = {}
    if instance.pk:
        stored = model._default_manager.select_for_update().filter(pk=instance.pk).first()
        if stored is not None:
            before = snapshot(stored, fields)
            check_can_write(actor, _unit_of(stored))
    check_can_write(actor, unit)
    instance.full_clean()
    instance.save()
    after = snapshot(instance, fields)
    for name, values in (m2m or {}).items():
        if values is not None:
            getattr(instance, name).set(values)
            after[name] = sorted(obj.pk for obj in values)
    old, new = diff(before, after) if before else ({}, after)
    if old or new:
        audit_record(action=actions.update if before else actions.create, actor=actor, target=instance, unit=unit,
                     before=old or None, after=new)
        if isinstance(instance, PUBLIC_MODELS):
            public_data_changed()
    return instance


def _delete(instance: models.Model, *, actor, actions: RecordActions) -> None:
    unit = _unit_of(instance)
    check_can_write(actor, unit)
    before = snapshot(instance, FIELDS[type(instance)])
    audit_record(action=actions.delete, actor=actor, target=instance, unit=unit, before=before)
    instance.delete()
    if isinstance(instance, PUBLIC_MODELS):
        public_data_changed()


def _unit_of(instance):
    match instance:
        case Event() | SalesPoint():
            return instance.unit
        case Participation():
            return instance.event.unit
        case BuyerContact() | FollowUpOrder():
            return instance.participation.event.unit
        case EcommerceLink():
            return instance.product.unit
    raise TypeError(type(instance))


# --- Events and participation ------------------------------------------------------------------

@transaction.atomic
def event_save(*, event: Event, actor) -> Event:
    return _save(event, actor=actor, unit=event.unit, fields=EVENT_FIELDS, actions=EVENT_ACTIONS)


@transaction.atomic
def event_delete(*, event: Event, actor) -> None:
    _delete(event, actor=actor, actions=EVENT_ACTIONS)


@transaction.atomic
def participation_save(*, participation: Participation, actor, products=None) -> Participation:
    """Save a producer's participation; PRODUCTS (when given) replace the products shown."""
    if products is not None:
        foreign = [p for p in products if p.producer_id != participation.producer_id]
        if foreign:
            raise ValidationError({"products": _("Sản phẩm trưng bày phải là của chủ thể tham gia.")})
    return _save(participation, actor=actor, unit=participation.event.unit, fields=PARTICIPATION_FIELDS,
                 actions=PARTICIPATION_ACTIONS, m2m={"products": products})


@transaction.atomic
def participation_delete(*, participation: Participation, actor) -> None:
    _delete(participation, actor=actor, actions=PARTICIPATION_ACTIONS)


@transaction.atomic
def buyer_contact_save(*, contact: BuyerContact, actor) -> BuyerContact:
    return _save(contact, actor=actor, unit=contact.participation.event.unit, fields=CONTACT_FIELDS,
                 actions=CONTACT_ACTIONS)


@transaction.atomic
def buyer_contact_delete(*, contact: BuyerContact, actor) -> None:
    _delete(contact, actor=actor, actions=CONTACT_ACTIONS)


@transaction.atomic
def follow_up_order_save(*, order: FollowUpOrder, actor) -> FollowUpOrder:
    if order.buyer is not None and order.buyer.participation_id != order.participation_id:
        raise ValidationError({"buyer": _("Khách hàng phải là khách gặp tại chính sự kiện này.")})
    return _save(order, actor=actor, unit=order.participation.event.unit, fields=ORDER_FIELDS,
                 actions=ORDER_ACTIONS)


@transaction.atomic
def follow_up_order_delete(*, order: FollowUpOrder, actor) -> None:
    _delete(order, actor=actor, actions=ORDER_ACTIONS)


# --- Sales points and e-commerce -----------------------------------------------------------------

@transaction.atomic
def sales_point_save(*, sales_point: SalesPoint, actor, products=None) -> SalesPoint:
    return _save(sales_point, actor=actor, unit=sales_point.unit, fields=SALES_POINT_FIELDS,
                 actions=SALES_POINT_ACTIONS, m2m={"products": products})


@transaction.atomic
def sales_point_delete(*, sales_point: SalesPoint, actor) -> None:
    _delete(sales_point, actor=actor, actions=SALES_POINT_ACTIONS)


def normalize_url(url: str) -> str:
    """Trim, and write the scheme in lower case ("HTTPS://" → "https://")."""
    url = (url or "").strip()
    scheme, sep, rest = url.partition("://")
    return f"{scheme.lower()}{sep}{rest}" if sep else url


@transaction.atomic
def ecommerce_link_save(*, link: EcommerceLink, actor) -> EcommerceLink:
    link.url = normalize_url(link.url)
    if not link.pk and actor is not None and getattr(actor, "is_authenticated", False):
        link.created_by = actor
    return _save(link, actor=actor, unit=link.product.unit, fields=LINK_FIELDS, actions=LINK_ACTIONS)


@transaction.atomic
def ecommerce_link_delete(*, link: EcommerceLink, actor) -> None:
    _delete(link, actor=actor, actions=LINK_ACTIONS)


# --- The producer's own side (portal): where its product is sold ------------------------------

def _check_product_side(actor, product) -> None:
    """The producer's own users (and office roles of the product's commune) write these."""
    from ocop.registry.services import check_can_write as registry_check

    registry_check(actor, product.unit, producer=product.producer)


def sales_points_for_product(product):
    """Active sales points a product may be listed at: those of its province."""
    province_id = product.unit.parent_id
    return SalesPoint.objects.filter(is_active=True, unit__parent_id=province_id).order_by("name", "id")


@transaction.atomic
def product_sales_points_set(*, product, sales_points, actor) -> list[int]:
    """List PRODUCT at exactly SALES_POINTS (of its province); returns the sales point ids."""
    _check_product_side(actor, product)
    allowed = sales_points_for_product(product)
    wanted = {point.pk for point in sales_points}
    if wanted - set(allowed.filter(pk__in=wanted).values_list("pk", flat=True)):
        raise ValidationError({"sales_points": _("Điểm bán không thuộc tỉnh của sản phẩm hoặc đã ngừng hoạt động.")})
    before = set(product.sales_points.values_list("pk", flat=True))
    if before == wanted:
        return sorted(wanted)
    product.sales_points.set(list(wanted))
    audit_record(action=AuditAction.PROMOTION_SALES_POINTS_SET, actor=actor, target=product, unit=product.unit,
                 before={"sales_points": sorted(before)}, after={"sales_points": sorted(wanted)})
    public_data_changed()
    return sorted(wanted)


@transaction.atomic
def product_link_add(*, product, actor, platform: str, url: str, shop_name: str = "") -> EcommerceLink:
    """The producer adds a listing of its own product on an e-commerce platform."""
    _check_product_side(actor, product)
    if product.ecommerce_links.filter(url=normalize_url(url)).exists():
        raise ValidationError({"url": _("Sản phẩm đã có liên kết này.")})
    link = EcommerceLink(product=product, platform=platform, url=normalize_url(url), shop_name=shop_name,
                         created_by=actor if getattr(actor, "is_authenticated", False) else None)
    link.full_clean()
    link.save()
    audit_record(action=AuditAction.PROMOTION_LINK_CREATE, actor=actor, target=link, unit=product.unit,
                 after=snapshot(link, LINK_FIELDS))
    public_data_changed()
    return link


@transaction.atomic
def product_link_remove(*, link: EcommerceLink, actor) -> None:
    _check_product_side(actor, link.product)
    audit_record(action=AuditAction.PROMOTION_LINK_DELETE, actor=actor, target=link, unit=link.product.unit,
                 before=snapshot(link, LINK_FIELDS))
    link.delete()
    public_data_changed()
