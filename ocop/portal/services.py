"""Portal writes: self-registration of a producer. Everything else the portal does goes through
the cycle, registry and accounts services."""

from django.db import transaction

from ocop.accounts.models import Role
from ocop.accounts.services import role_assign, user_create
from ocop.core.audit import audit_record
from ocop.cycle.models import ProducerVerification
from ocop.registry.models import Producer
from ocop.registry.services import producer_create, producer_member_add

REGISTRATION_FIELDS = ["kind", "name", "tax_code", "rep_name", "rep_title", "unit", "address", "phone", "email"]


@transaction.atomic
def producer_register(
    *, username: str, password: str, full_name: str, email: str = "", phone: str = "",
    producer_data: dict, confirm_duplicates: bool = False,
) -> tuple[object, Producer]:
    """A producer signs up: its account, the producer (pending the commune officer's verification),
    the link between them and the producer role in its commune. Returns (user, producer).

    The registry writes run as the system (actor=None): the newcomer has no scope yet. The
    registration itself is audited with the new user as actor."""
    user = user_create(username=username, password=password, full_name=full_name, email=email)
    if phone:
        user.phone = phone
        user.save(update_fields=["phone"])
    producer = producer_create(
        actor=None, confirm_duplicates=confirm_duplicates,
        **{k: v for k, v in producer_data.items() if k in REGISTRATION_FIELDS},
    )
    producer_member_add(producer=producer, user=user, actor=None)
    role_assign(user=user, role=Role.PRODUCER, unit=producer.unit, actor=None, note="Tự đăng ký trên cổng")
    ProducerVerification.objects.create(producer=producer, requested_by=user)
    audit_record(action="portal.register", actor=user, target=producer, unit=producer.unit,
                 after={"username": username, "producer": producer.name})
    return user, producer
