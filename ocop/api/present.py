"""Records → API output dicts (pages: ocop.api.pagination). Private fields are filled only for
authenticated callers (who reach records through their scope)."""

from django.conf import settings
from django.urls import reverse

from ocop.catalog.facets import sector_of_set
from ocop.catalog.pages import verification_path
from ocop.certificates.status import admin_label, live_status_on, revocation_due_on


def unit_ref(unit) -> dict | None:
    return {"id": unit.pk, "code": unit.code, "name": unit.name} if unit is not None else None


def unit_out(unit) -> dict:
    return {"id": unit.pk, "generation": unit.generation, "level": unit.level, "kind": unit.kind, "code": unit.code,
            "name": unit.name, "full_name": unit.full_name, "parent_id": unit.parent_id,
            "valid_from": unit.valid_from, "valid_to": unit.valid_to, "updated_at": unit.updated_at}


def producer_out(producer, *, private: bool) -> dict:
    data = {"id": producer.pk, "name": producer.name, "kind": producer.kind, "unit": unit_ref(producer.unit),
            "province": unit_ref(producer.unit.parent), "website": producer.website,
            "updated_at": producer.updated_at}
    if private:
        data |= {"tax_code": producer.tax_code, "rep_name": producer.rep_name, "address": producer.address,
                 "phone": producer.phone, "email": producer.email, "workforce_total": producer.workforce_total}
    return data


def certificate_ref(certificate) -> dict | None:
    if certificate is None:
        return None
    return {"uid": str(certificate.uid), "stars": certificate.stars, "status": live_status_on(certificate).value,
            "issued_on": certificate.issued_on, "valid_until": certificate.valid_until,
            "decision_number": certificate.decision.number}


def product_out(product, *, published_ids: set[int]) -> dict:
    published = product.pk in published_ids
    sector = sector_of_set(product.criteria_set)
    return {
        "id": product.pk, "name": product.name, "ocop_code": product.ocop_code, "criteria_set": product.criteria_set,
        "sector": sector.code if sector else "",
        "producer": {"id": product.producer_id, "name": product.producer.name, "kind": product.producer.kind},
        "unit": unit_ref(product.unit), "province": unit_ref(product.unit.parent),
        "stars": product.public_stars, "certificate": certificate_ref(getattr(product, "certificate", None)),
        "published": published,
        "url": settings.SITE_URL + reverse("catalog:product_detail", args=[product.pk]) if published else None,
        "updated_at": product.updated_at,
    }


def revocation_out(certificate) -> dict | None:
    if certificate.revoked_on is None:
        return None
    decision = certificate.revocation_decision
    return {"on": certificate.revoked_on, "decision_number": decision.number if decision else None,
            "decision_signed_on": decision.signed_on if decision else None,
            "ground": certificate.revocation_ground, "ground_label": certificate.get_revocation_ground_display()}


def revocation_pending_out(certificate) -> dict | None:
    """A revocation procedure under way (status "suspended"): the finding's date and the decision's
    due date only; the finding's ground and note stay in the back office."""
    due_on = revocation_due_on(certificate)
    if due_on is None:
        return None
    return {"finding_on": certificate.revocation_finding_on, "decision_due_on": due_on}


def certificate_out(certificate) -> dict:
    """Everything the verification page shows, with the live status: the same for every caller."""
    decision = certificate.decision
    product = certificate.product
    status = live_status_on(certificate)
    return {
        "uid": str(certificate.uid),
        "product": {"id": product.pk, "name": product.name, "ocop_code": product.ocop_code,
                    "producer": product.producer.name},
        "stars": certificate.stars, "status": status.value, "status_label": str(admin_label(status)),
        "issued_on": certificate.issued_on, "valid_until": certificate.valid_until,
        "extended_until": certificate.extended_until, "revoked_on": certificate.revoked_on,
        "revocation": revocation_out(certificate), "revocation_pending": revocation_pending_out(certificate),
        "decision": {"number": decision.number, "signed_on": decision.signed_on,
                     "issuer_level": decision.issuer_level},
        "verification_url": settings.SITE_URL + verification_path(certificate.uid),
        "updated_at": certificate.updated_at,
    }
