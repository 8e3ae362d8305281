"""Recognition decisions and certificates for every recognised result: one decision per issuing
body and signing day (a province's decision lists all products its council recognised in that
round), numbered in the issuer's register as ocop.certificates.numbering does, with the counters
left where the next decision continues. Results from old files get decisions recorded as
historical (their own number, no sequence)."""

import uuid
from collections import defaultdict

from ocop.certificates.lifecycle import valid_until_for
from ocop.certificates.models import Certificate, Decision, DecisionCounter, DecisionItem
from ocop.certificates.numbering import format_number, issuer_key
from ocop.certificates.status import certificate_months
from ocop.ops.synth import names, products
from ocop.ops.synth.context import Context, at
from ocop.registry.models import Product

SIGNER_TITLES = {"province": "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH", "district": "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH",
                 "central": "KT. BỘ TRƯỞNG – THỨ TRƯỞNG"}


def _standings(ctx: Context, certificates) -> dict | None:
    """{product id: what it shows today} when products store it (ocop.certificates.standing)."""
    field_names = {f.name for f in Product._meta.concrete_fields}
    if "standing_stars" not in field_names:
        return None
    from ocop.certificates.standing import standing_on
    from ocop.certificates.status import CertificateDates

    dates = defaultdict(list)
    for row in certificates:
        dates[row[2]].append(CertificateDates(row[0], row[5], row[6], row[7], row[8]))
    return {pid: standing_on(found, ctx.today) for pid, found in dates.items()}


class _Unit:
    def __init__(self, pk):
        self.pk = pk


def generate(ctx: Context) -> None:
    rng = ctx.rng("certificates")
    months = certificate_months()
    groups = defaultdict(list)
    for rec in ctx.recognitions:
        groups[(rec.issuer_level, rec.issuer_unit_id, rec.signed_on, rec.historical)].append(rec)
    sequences: dict[tuple[str, int], int] = {}
    taken: set[tuple[str, int, str]] = set()
    decisions, items, certificates = [], [], []
    decision_ids = ctx.sink.ids(Decision, len(groups))
    item_ids = iter(ctx.sink.ids(DecisionItem, len(ctx.recognitions)))
    cert_ids = iter(ctx.sink.ids(Certificate, len(ctx.recognitions)))
    for did, ((level, unit_id, signed_on, historical), recs) in zip(
        decision_ids, sorted(groups.items(), key=lambda g: (g[0][2], g[0][0], g[0][1] or 0)), strict=True
    ):
        key = issuer_key(level, None if unit_id is None else _Unit(unit_id))
        year = signed_on.year
        if historical:
            sequence = None
            number = format_number(rng.randint(100, 3999), level)
            while (key, year, number) in taken:
                number = format_number(rng.randint(100, 3999), level)
        else:
            sequence = sequences[(key, year)] = sequences.get((key, year), 0) + 1
            number = format_number(sequence, level)
        taken.add((key, year, number))
        signer, _ = names.person(rng)
        note = f"Công nhận {len(recs)} sản phẩm đạt chuẩn OCOP" + (" (nhập từ hồ sơ cũ)." if historical else ".")
        decisions.append((did, level, unit_id, key, Decision.Kind.RECOGNITION, year, sequence, number, signed_on,
                          signer, SIGNER_TITLES[level], "", note, historical, None, at(signed_on), at(signed_on)))
        valid_until = valid_until_for(signed_on, months)
        for position, rec in enumerate(sorted(recs, key=lambda r: r.result_id), start=1):
            items.append((next(item_ids), did, rec.result_id, rec.stars, position))
            certificates.append((
                next(cert_ids), uuid.UUID(int=rng.getrandbits(128), version=4), rec.product_id, rec.result_id, did,
                rec.stars, signed_on, valid_until, None, None, "", None, "", "", None, at(signed_on), at(signed_on),
            ))
    sink = ctx.sink
    standings = _standings(ctx, certificates)
    if standings is not None:
        certificates = [(*row, True) for row in certificates]
    products.write(ctx, standings)
    sink.write(Decision, ("id", "issuer_level", "issuer_unit_id", "issuer_key", "kind", "year", "sequence", "number",
                          "signed_on", "signer_name", "signer_title", "file", "note", "is_historical",
                          "created_by_id", "created_at", "updated_at"), decisions)
    sink.write(DecisionItem, ("id", "decision_id", "result_id", "stars", "position"), items)
    sink.write(Certificate, ("id", "uid", "product_id", "result_id", "decision_id", "stars", "issued_on",
                             "valid_until", "revoked_on", "revocation_decision_id", "revocation_ground",
                             "revocation_finding_on", "revocation_note", "pdf", "pdf_generated_at", "created_at",
                             "updated_at", *(("standing_applied",) if standings is not None else ())), certificates)
    counter_ids = sink.ids(DecisionCounter, len(sequences))
    sink.write(DecisionCounter, ("id", "issuer_key", "year", "last_sequence"),
               [(cid, key, year, last) for cid, ((key, year), last) in zip(counter_ids, sequences.items(), strict=True)])
    ctx.progress(f"quyết định: {len(decisions):,}, giấy chứng nhận: {len(certificates):,}")
