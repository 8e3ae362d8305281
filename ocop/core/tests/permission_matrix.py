"""The permission matrix: for every route, the answer each persona gets.

An entry maps a route key (see ocop/core/tests/routes.py) to {method: {persona: status}}. GET is
called on every route as every persona; POST (PUT/PATCH for the API) where the entry lists it,
for the personas it lists. ``OK`` means "allowed" for a write that may re-render its form (200)
or succeed and redirect (302); denials are always exact.

The world (ocop/core/tests/permission_world.py) puts every record in commune A of Đồng Nai, or in
Đồng Nai itself for province records: commune B and the other province are out of scope.
Adding a route: docs/architecture.md, "Permission matrix: how to add a route".
"""

import re
from dataclasses import dataclass

PERSONAS = ("anonymous", "national", "province", "commune_a", "commune_b", "other_province", "producer",
            "auditor", "council_member", "council_secretary", "department")
OK = "ok"  # 200 or 302: a write that is allowed (form errors re-render, success redirects)
OK_API = "ok-api"  # 200, 201 or 422 from the service: the permission check let the call through
ALLOWED = {OK: {200, 302}, OK_API: {200, 201, 422}}

#: Named groups usable in who(): the back office sends these to its login page.
GROUPS = {
    "nonstaff": ("anonymous", "producer"),
    "staff": PERSONAS[1:6] + PERSONAS[7:],
    "out": ("commune_b", "other_province"),
    "council": ("council_member", "council_secretary"),
    # The department officer (Sở NN&MT of Đồng Nai): reads the province, writes only its own tasks.
    "all": PERSONAS,
    # Readers of a record in commune A / in Đồng Nai (council seats hold Đồng Nai roles).
    "reads_commune": ("national", "province", "commune_a", "auditor", "council_member", "council_secretary",
                      "department"),
    "reads_province": ("national", "province", "auditor", "council_member", "council_secretary", "department"),
    # Office roles that write commune-A records.
    "office_commune": ("national", "province", "commune_a"),
}


def who(default=None, **answers) -> dict:
    """{persona: status}: DEFAULT for everyone, then groups (in the order given), then personas."""
    table = dict.fromkeys(PERSONAS, default)
    for name, status in answers.items():
        for persona in GROUPS.get(name, (name,)):
            table[persona] = status
    missing = [p for p, s in table.items() if s is None]
    assert not missing, f"no answer for {missing}"
    return table


def public(status=200) -> dict:
    return {"GET": who(status)}


def backoffice(status=200, **answers) -> dict:
    """A back-office page: anonymous and producers go to the login page."""
    return who(status, nonstaff=302, **answers)


def users(world) -> dict:
    p = world.personas
    return {"anonymous": None, "national": p.national, "province": p.province, "commune_a": p.commune_a,
            "commune_b": p.commune_b, "other_province": p.other_province, "producer": p.producer,
            "auditor": p.auditor, "council_member": world.council_member,
            "council_secretary": world.council_secretary, "department": world.department_officer}


# --- Admin ModelAdmins: one rule per model --------------------------------------------------------

@dataclass(frozen=True)
class AdminModel:
    """Who may do what on one ModelAdmin, for the world's record of that model.

    view: staff who see the module (others get 403); reads: for whom the record is in scope
    (others 404); add / change / delete: who may (others 403, or 404 out of scope).
    """

    view: tuple = GROUPS["staff"]
    reads: tuple = GROUPS["reads_commune"]
    add: tuple = ()
    change: tuple = ()
    delete: tuple = ()

    def _object(self, allowed: tuple, ok) -> dict:
        out = {}
        for persona in GROUPS["staff"]:
            if persona not in self.view:
                out[persona] = 403
            elif persona not in self.reads:
                out[persona] = 404
            else:
                out[persona] = ok if persona in allowed else 403
        return backoffice(**out)

    def _delete(self, ok) -> dict:
        # The admin checks the delete right before the object: no right at all is 403 everywhere.
        out = {}
        for persona in GROUPS["staff"]:
            if persona not in self.delete:
                out[persona] = 403
            else:
                out[persona] = ok if persona in self.reads else 404
        return backoffice(**out)

    def entries(self) -> dict:
        view = {p: (200 if p in self.view else 403) for p in GROUPS["staff"]}
        add = {p: (200 if p in self.add else 403) for p in GROUPS["staff"]}
        add_post = {p: (OK if p in self.add else 403) for p in GROUPS["staff"]}
        return {
            "changelist": {"GET": backoffice(**view)},
            "add": {"GET": backoffice(**add), "POST": backoffice(**add_post)},
            "change": {"GET": self._object(self.reads, 200), "POST": self._object(self.change, OK)},
            "history": {"GET": self._object(self.reads, 200)},
            "delete": {"GET": self._delete(200), "POST": self._delete(OK)},
        }


S = GROUPS["staff"]
NATIONAL_PROVINCE_OTHER = ("national", "province", "other_province")
ADMIN_MODELS = {
    # Reference data: everyone on staff reads it; nobody edits it in the back office.
    "territory.adminunit": AdminModel(reads=S),
    "territory.unitsuccession": AdminModel(reads=S),
    # System administrators only (superusers): every other staff member gets 403.
    "auth.group": AdminModel(view=()),
    "accounts.user": AdminModel(view=()),
    "django_tasks_database.dbtaskresult": AdminModel(view=()),
    "accounts.totpdevice": AdminModel(view=()),
    "accounts.roleassignment": AdminModel(add=NATIONAL_PROVINCE_OTHER, change=("national", "province"),
                                          delete=NATIONAL_PROVINCE_OTHER),
    "core.auditevent": AdminModel(),
    "api.apitoken": AdminModel(reads=("province",), add=S),  # each user sees only their own tokens
    # Registry.
    "registry.producer": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"], change=GROUPS["office_commune"],
                                    delete=GROUPS["office_commune"] + GROUPS["out"]),
    "registry.product": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"], change=GROUPS["office_commune"],
                                   delete=GROUPS["office_commune"] + GROUPS["out"]),
    "registry.document": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"], change=GROUPS["office_commune"],
                                    delete=GROUPS["office_commune"] + GROUPS["out"]),
    # The annual cycle: the calendar is the province's; ideas and plans move only through transitions.
    "cycle.cycle": AdminModel(reads=GROUPS["reads_province"], add=NATIONAL_PROVINCE_OTHER,
                              change=("national", "province")),
    "cycle.publicityactivity": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"],
                                          change=GROUPS["office_commune"]),
    "cycle.producerverification": AdminModel(),
    "cycle.productidea": AdminModel(),
    "cycle.businessplan": AdminModel(),
    "cycle.implementation": AdminModel(change=GROUPS["office_commune"]),
    # Rating: records are written by services; the admin edits rounds, councils and holidays.
    "rating.dossier": AdminModel(add=("commune_a", "commune_b")),  # assisted filing by the commune
    "rating.ratinground": AdminModel(reads=GROUPS["reads_province"] + ("commune_a", "commune_b"),
                                     add=NATIONAL_PROVINCE_OTHER, change=("national", "province")),
    "rating.council": AdminModel(reads=GROUPS["reads_province"] + ("commune_a", "commune_b"),
                                 add=NATIONAL_PROVINCE_OTHER, change=("national", "province")),
    "rating.ratingresult": AdminModel(add=NATIONAL_PROVINCE_OTHER),
    "rating.publicholiday": AdminModel(reads=S, add=("national",), change=("national",),  # national data (M-3)
                                       delete=("national",)),
    # Certificates: decisions and certificates are issued and revoked through their own pages.
    "certificates.decision": AdminModel(reads=GROUPS["reads_province"]),
    "certificates.certificate": AdminModel(),
    "certificates.notification": AdminModel(reads=()),  # a producer's own, read in the portal
    # Trade promotion and the catalog.
    "promotion.event": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"], change=GROUPS["office_commune"],
                                  delete=GROUPS["office_commune"] + GROUPS["out"]),
    "promotion.participation": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"],
                                          change=GROUPS["office_commune"],
                                          delete=GROUPS["office_commune"] + GROUPS["out"]),
    "promotion.salespoint": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"], change=GROUPS["office_commune"],
                                       delete=GROUPS["office_commune"] + GROUPS["out"]),
    "promotion.ecommercelink": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"],
                                          change=GROUPS["office_commune"],
                                          delete=GROUPS["office_commune"] + GROUPS["out"]),
    # Address corrections: asked in the portal, decided by the requested commune ("decide" action).
    "registry.addresschangerequest": AdminModel(),
    "catalog.fakereport": AdminModel(change=GROUPS["office_commune"]),  # reports come from the public form
    "catalog.catalogwithdrawal": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"],
                                            delete=GROUPS["office_commune"] + GROUPS["out"]),
    # Program monitoring.
    "program.department": AdminModel(reads=GROUPS["reads_province"], add=("province", "other_province"),
                                     change=("province",), delete=("province", "other_province")),
    "program.departmenttask": AdminModel(reads=GROUPS["reads_province"], add=("province", "other_province"),
                                         change=("province",), delete=("province", "other_province")),
    "program.fundingline": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"], change=GROUPS["office_commune"],
                                      delete=GROUPS["office_commune"] + GROUPS["out"]),
    "program.plan": AdminModel(reads=GROUPS["reads_province"], add=GROUPS["office_commune"] + GROUPS["out"],
                               change=("national", "province"), delete=GROUPS["office_commune"] + GROUPS["out"]),
    "program.indicatorvalue": AdminModel(reads=GROUPS["reads_province"]),  # written by closing a period
    "program.reportjob": AdminModel(reads=GROUPS["reads_province"]),  # requested on its own page
    "program.trainingrosterentry": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"],
                                              change=GROUPS["office_commune"],
                                              delete=GROUPS["office_commune"] + GROUPS["out"]),
    "program.trainingcourse": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"],
                                         change=GROUPS["office_commune"],
                                         delete=GROUPS["office_commune"] + GROUPS["out"]),
    "program.trainingsession": AdminModel(add=GROUPS["office_commune"] + GROUPS["out"],
                                          change=GROUPS["office_commune"],
                                          delete=GROUPS["office_commune"] + GROUPS["out"]),
}

ADMIN_ROUTE = re.compile(r"^admin:(?P<model>[a-z_]+?)_(?P<view>changelist|add|change|history|delete)$")


def _admin_rule(key: str) -> dict | None:
    """The admin's five standard views of a model, from ADMIN_MODELS."""
    match = ADMIN_ROUTE.match(key)
    if not match:
        return None
    for label, rule in ADMIN_MODELS.items():
        if label.replace(".", "_") == match["model"]:
            return rule.entries()[match["view"]]
    return None


def _object_redirect_rule(key: str) -> dict | None:
    """admin/<app>/<model>/<id>/ redirects to the change view for everyone (which then decides)."""
    match = re.match(r"^admin/(\w+)/(\w+)/<path:object_id>/$", key)
    if match and f"{match[1]}.{match[2]}" in ADMIN_MODELS:
        return {"GET": who(302)}
    return None


# --- Every other route: one explicit entry ---------------------------------------------------------

def _moves(allowed: tuple, get=200, post=OK) -> dict:
    """A workflow move in the back office: GET a confirmation form, POST the move."""
    answers_get = {p: (get if p in allowed else 403) for p in S}
    answers_post = {p: (post if p in allowed else 403) for p in S}
    return {"GET": backoffice(**answers_get, out=404), "POST": backoffice(**answers_post, out=404)}


def _impossible() -> dict:
    """A move that does not exist from the world record's status: 422 for everyone in scope, whatever
    the role (ocop.core.transitions: the status is checked before the role)."""
    return {"GET": backoffice(422, out=404), "POST": backoffice(422, out=404)}


OFFICERS = ("province", "commune_a")  # ocop.cycle.workflow.OFFICERS in scope
#: Who follows the councils' work on a Đồng Nai dossier: the overseers and the seats (not departments).
COUNCIL_WORK = tuple(p for p in GROUPS["reads_province"] if p != "department")

EXPLICIT = {
    # Site plumbing and public pages.
    "healthz": public(),
    "robots_txt": public(),
    "favicon": public(),
    "touch_icon": public(),
    "sitemap": public(),
    "sitemap_section": public(),
    "set_language": {"GET": who(302), "POST": who(302)},
    "home": public(),
    "catalog:product_list": public(),
    "catalog:product_detail": public(),
    "catalog:producer_detail": public(),
    "catalog:fake_report": {"GET": who(200), "POST": who(200)},  # an empty report re-renders with errors
    "catalog:fake_report_sent": public(),
    "catalog:verify_lookup": public(),
    "catalog:open_data": public(),
    "catalog:open_data_file": public(),
    "catalog:open_data_package": public(),
    "certificates:verify": public(),
    "certificates:lookup": public(),
    "criteria:index": public(),
    "criteria:sheet": {"GET": who(200), "POST": who(200)},
    # The producer portal: producers and commune officers act; other offices read; login first.
    "portal:login": {"GET": who(302, anonymous=200)},
    "portal:logout": {"GET": who(405), "POST": who(302)},
    "portal:register": {"GET": who(302, anonymous=200)},
    "portal:commune_options": public(),
    "portal:home": {"GET": who(302)},
    "portal:producer_list": {"GET": who(200, anonymous=302)},
    "portal:producer_detail": {"GET": who(200, anonymous=302, out=404)},
    "portal:verification_move": {"GET": who(403, anonymous=302, out=404, province=200, commune_a=200),
                                 "POST": who(403, anonymous=302, out=404, province=OK, commune_a=OK)},
    "portal:document_create": {"GET": who(403, anonymous=302, out=404, producer=200, commune_a=200),
                               "POST": who(403, anonymous=302, out=404, producer=OK, commune_a=OK)},
    "portal:idea_create": {"GET": who(403, anonymous=302, out=404, producer=200, commune_a=200),
                           "POST": who(403, anonymous=302, out=404, producer=OK, commune_a=OK)},
    "portal:idea_detail": {"GET": who(200, anonymous=302, out=404)},
    "portal:idea_update": {"GET": who(403, anonymous=302, out=404, producer=200, commune_a=200),
                           "POST": who(403, anonymous=302, out=404, producer=OK, commune_a=OK)},
    "portal:idea_move": {"GET": who(403, anonymous=302, out=404, producer=200, commune_a=200),
                         "POST": who(403, anonymous=302, out=404, producer=OK, commune_a=OK)},
    "portal:plan_create": {"GET": who(403, anonymous=302, out=404, producer=200, commune_a=200),
                           "POST": who(403, anonymous=302, out=404, producer=OK, commune_a=OK)},
    "portal:plan_detail": {"GET": who(200, anonymous=302, out=404)},
    "portal:plan_update": {"GET": who(403, anonymous=302, out=404, producer=200, commune_a=200),
                           "POST": who(403, anonymous=302, out=404, producer=OK, commune_a=OK)},
    "portal:plan_move": {"GET": who(403, anonymous=302, out=404, producer=200, commune_a=200),
                         "POST": who(403, anonymous=302, out=404, producer=OK, commune_a=OK)},
    "portal:implementation_detail": {"GET": who(200, anonymous=302, out=404),
                                     "POST": who(OK, anonymous=302, out=404, auditor=403, council=403,
                                                 department=403)},
    "portal:implementation_move": {"GET": who(403, anonymous=302, out=404, province=200, commune_a=200),
                                   "POST": who(403, anonymous=302, out=404, province=OK, commune_a=OK)},
    "portal:milestone_done": {"GET": who(405, anonymous=302),
                              "POST": who(OK, anonymous=302, out=404, auditor=403, council=403,
                                          department=403)},
    # The producer's dossiers (rating portal): the producer and its commune officer only.
    "portal:dossier_list": {"GET": who(200, anonymous=302)},
    "portal:dossier_create": {"GET": who(200, anonymous=302)},
    "portal:dossier_detail": {"GET": who(404, anonymous=302, producer=200, commune_a=200)},
    "portal:dossier_edit": {"GET": who(404, anonymous=302, producer=200, commune_a=200),
                            "POST": who(404, anonymous=302, producer=OK, commune_a=OK)},
    "portal:dossier_self_assessment": {"GET": who(404, anonymous=302, producer=200, commune_a=200),
                                       "POST": who(404, anonymous=302, producer=OK, commune_a=OK)},
    "portal:dossier_evidence": {"GET": who(404, anonymous=302, producer=200, commune_a=200),
                                "POST": who(404, anonymous=302, producer=OK, commune_a=OK)},
    "portal:dossier_evidence_replace": {"GET": who(404, anonymous=302, producer=200, commune_a=200),
                                        "POST": who(404, anonymous=302, producer=OK, commune_a=OK)},
    "portal:dossier_evidence_remove": {"GET": who(405, anonymous=302),
                                       "POST": who(404, anonymous=302, producer=OK, commune_a=OK)},
    "portal:dossier_move": {"GET": who(405, anonymous=302),
                            "POST": who(404, anonymous=302, producer=OK, commune_a=OK)},
    # The producer's own space: only the user's own producers' records (404 for everyone else).
    "portal:product_list": {"GET": who(200, anonymous=302)},
    "portal:product_create": {"GET": who(403, anonymous=302, producer=200),
                              "POST": who(403, anonymous=302, producer=OK)},
    "portal:product_edit": {"GET": who(404, anonymous=302, producer=200),
                            "POST": who(404, anonymous=302, producer=OK)},
    "portal:product_photo_add": {"GET": who(405, anonymous=302), "POST": who(404, anonymous=302, producer=OK)},
    "portal:product_photo_delete": {"GET": who(405, anonymous=302), "POST": who(404, anonymous=302, producer=OK)},
    "portal:product_link_add": {"GET": who(405, anonymous=302), "POST": who(404, anonymous=302, producer=OK)},
    "portal:product_link_delete": {"GET": who(405, anonymous=302), "POST": who(404, anonymous=302, producer=OK)},
    "portal:certificate_list": {"GET": who(200, anonymous=302)},
    "portal:certificate_rerate": {"GET": who(405, anonymous=302), "POST": who(404, anonymous=302, producer=OK)},
    "portal:address_request": {"GET": who(404, anonymous=302, producer=200),
                               "POST": who(404, anonymous=302, producer=OK)},
    "admin:registry_addresschangerequest_decide": {
        "GET": backoffice(403, reads_commune=403, office_commune=200, out=404, auditor=403),
        "POST": backoffice(403, reads_commune=403, office_commune=OK, out=404, auditor=403)},
    "portal:notifications": {"GET": who(200, anonymous=302)},
    "portal:notifications_read": {"GET": who(405, anonymous=302), "POST": who(302)},
    # Accounts: each user's own security page and second factor.
    "accounts:otp_verify": {"GET": who(302)},
    "accounts:security": {"GET": who(200, anonymous=302)},
    "accounts:totp_enrol": {"GET": who(302)},
    "accounts:totp_cancel": {"GET": who(405, anonymous=302), "POST": who(302)},
    "accounts:totp_disable": {"GET": who(302), "POST": who(302)},
    # The API's own pages (its operations are below, from the OpenAPI schema).
    "api:openapi-json": public(),
    "api:openapi-view": public(),
    "api:api-root": public(404),
    # The admin site itself.
    "admin:index": {"GET": backoffice()},
    "admin:app_list": {"GET": backoffice()},
    "admin:search": {"GET": backoffice()},
    "admin:login": {"GET": who(302, nonstaff=200)},
    "admin:logout": {"GET": backoffice(405), "POST": backoffice(200)},
    "admin:password_change": {"GET": backoffice()},
    "admin:password_change_done": {"GET": backoffice()},
    "admin:autocomplete": {"GET": backoffice(403)},  # without a valid field: refused, never a 500
    "admin:jsi18n": {"GET": backoffice()},
    "admin:view_on_site": {"GET": backoffice(404)},  # no model of ours has a "view on site" page
    "admin:auth_user_password_change": {"GET": backoffice(403), "POST": backoffice(403)},
    "admin/(?P<url>.*)$": {"GET": backoffice(404)},  # the admin's catch-all: unknown pages
    # Registry extras.
    "admin:registry_producer_export": {"GET": backoffice()},
    "admin:registry_product_export": {"GET": backoffice()},
    "admin:registry_product_export_all": {"GET": backoffice()},
    "admin:registry_document_export": {"GET": backoffice()},
    "admin:registry_producer_import_template": {"GET": backoffice()},
    "admin:registry_product_import_template": {"GET": backoffice()},
    "admin:registry_producer_import_excel": {"GET": backoffice(auditor=403, council=403, department=403),
                                             "POST": backoffice(OK, auditor=403, council=403, department=403)},
    "admin:registry_product_import_excel": {"GET": backoffice(auditor=403, council=403, department=403),
                                            "POST": backoffice(OK, auditor=403, council=403, department=403)},
    # Cycle extras: exports, the funnel, workflow moves (officers in scope; the producer side submits).
    "admin:cycle_funnel": {"GET": backoffice()},
    "admin:cycle_cycle_export": {"GET": backoffice()},
    "admin:cycle_publicityactivity_export": {"GET": backoffice()},
    "admin:cycle_producerverification_export": {"GET": backoffice()},
    "admin:cycle_productidea_export": {"GET": backoffice()},
    "admin:cycle_businessplan_export": {"GET": backoffice()},
    "admin:cycle_implementation_export": {"GET": backoffice()},
    "admin:cycle_producerverification_move_verified": _moves(OFFICERS),
    "admin:cycle_producerverification_move_rejected": _moves(OFFICERS),
    "admin:cycle_producerverification_move_pending": _impossible(),  # from "pending" (the producer asks again from "rejected", in the portal)
    "admin:cycle_productidea_move_submitted": _moves(("commune_a",)),
    "admin:cycle_productidea_move_accepted": _impossible(),  # not from a draft
    "admin:cycle_productidea_move_returned": _impossible(),
    "admin:cycle_productidea_move_rejected": _impossible(),
    "admin:cycle_businessplan_move_submitted": _moves(("commune_a",)),
    "admin:cycle_businessplan_move_under_review": _impossible(),
    "admin:cycle_businessplan_move_returned": _impossible(),
    "admin:cycle_businessplan_move_approved": _impossible(),
    "admin:cycle_businessplan_move_rejected": _impossible(),
    "admin:cycle_implementation_move_completed": _moves(OFFICERS),
    "admin:cycle_implementation_move_abandoned": _moves(OFFICERS),
    # Rating back office: commune review, council pages (seats only), moves, links to the pages.
    "admin:rating_scoring": {"GET": backoffice()},
    "admin:rating_dossier_review": {"GET": backoffice(out=404),
                                    "POST": backoffice(403, out=404)},  # accepted: no longer in review
    "admin:rating_dossier_advisory": {"GET": backoffice(404, **{p: 200 for p in COUNCIL_WORK}),
                                      "POST": backoffice(404, national=OK, province=OK, auditor=403, council=403)},
    "admin:rating_dossier_scoring": {"GET": backoffice(404, council=200),
                                     "POST": backoffice(404, council_member=OK, council_secretary=403)},
    "admin:rating_dossier_sheets": {"GET": backoffice(404, national=200, province=200, auditor=200,
                                                      council_secretary=200)},
    "admin:rating_dossier_result": {"GET": backoffice(404, **{p: 200 for p in COUNCIL_WORK}),
                                    "POST": backoffice(404, national=403, province=403, auditor=403,
                                                       council_member=403, council_secretary=OK)},
    # Documents to sign: the world's accepted dossier has a form 03, no council result yet.
    "admin:rating_dossier_review_document": {"GET": backoffice(out=404)},
    "admin:rating_dossier_minutes_document": {"GET": backoffice(404)},
    "admin:rating_dossier_move_submitted": _impossible(),
    "admin:rating_dossier_move_withdrawn": _impossible(),
    "admin:rating_dossier_move_returned": _impossible(),
    "admin:rating_dossier_move_accepted": _impossible(),
    "admin:rating_dossier_move_rejected": _moves(("province",)),
    **{f"admin:rating_dossier_open_{page}": {"GET": who(302)} for page in (
        "review", "advisory", "central_advisory", "scoring", "central_scoring", "result", "central_result",
        "portal")},
    "admin:rating_ratinground_defaults": {"GET": backoffice(403, national=200, province=200, other_province=200),
                                          "POST": backoffice(403, national=OK, province=OK, other_province=OK)},
    # The button's redirect to the page above, offered only to roles that may create rounds.
    "admin:rating_ratinground_create_defaults": {"GET": backoffice(403, national=302, province=302,
                                                                   other_province=302)},
    # Certificates back office.
    "admin:certificates_expiring": {"GET": backoffice()},
    "admin:rating_council_analytics": {"GET": backoffice(commune_a=403, commune_b=403, council=403, department=403)},
    "admin:certificates_decision_issue_decision": {
        "GET": backoffice(403, national=200, province=200, other_province=200),
        "POST": backoffice(403, national=OK, province=OK, other_province=OK)},
    "admin:certificates_certificate_download_pdf": {"GET": backoffice(out=404)},
    # The world's decision recognises no result (its certificate was written directly): province readers.
    **{f"admin:certificates_decision_download_document_{fmt}": {
        "GET": backoffice(404, **{p: 200 for p in GROUPS["reads_province"]})} for fmt in ("pdf", "docx")},
    "admin:certificates_certificate_revoke": {"GET": backoffice(403, national=200, province=200, out=404),
                                              "POST": backoffice(403, national=OK, province=OK, out=404)},
    # The world's certificate has no pending finding: one may be recorded (as revoked), none dismissed.
    "admin:certificates_certificate_record_finding": {
        "GET": backoffice(403, national=200, province=200, out=404),
        "POST": backoffice(403, national=OK, province=OK, out=404)},
    "admin:certificates_certificate_dismiss_finding": {"GET": backoffice(403, out=404),
                                                       "POST": backoffice(403, out=404)},
    "admin:certificates_certificate_start_rerating": _moves(()),  # not yet in the re-rating window
    "admin:certificates_certificate_start_upgrade": _moves(("commune_a",)),
    # Program back office.
    "admin:program_dashboard": {"GET": backoffice()},
    "admin:program_dashboard_export": {"GET": backoffice()},
    "admin:program_dashboard_trends": {"GET": backoffice()},
    "admin:program_producer_support": {"GET": backoffice()},
    "admin:program_period_close": {"GET": backoffice(405),
                                   "POST": backoffice(403, national=OK, province=OK, commune_a=404, out=404)},
    "admin:program_period_reopen": {"GET": backoffice(405),
                                    "POST": backoffice(403, national=OK, province=OK, commune_a=404, out=404)},
    "admin:program_task_move": {"GET": backoffice(405),
                                "POST": backoffice(403, commune_a=404, out=404)},  # no move asked
    "admin:program_task_note": {"GET": backoffice(405),
                                "POST": backoffice(403, province=OK, department=OK, commune_a=404, out=404)},
    "admin:program_reportjob_request": {"GET": backoffice()},
    "admin:program_reportjob_status": {"GET": backoffice(commune_a=404, out=404)},
    "admin:program_reportjob_download": {"GET": backoffice(404)},  # still queued: no file yet
}


# --- The API, by OpenAPI operation ----------------------------------------------------------------

READ_API = {"GET": who(200)}
SCOPED_API_DETAIL = {"GET": who(200, out=404, producer=404)}  # callers with a session see their scope
EXPLICIT.update({
    "GET /api/v1/units": READ_API,
    "GET /api/v1/units/{unit_id}": READ_API,
    "GET /api/v1/producers": READ_API,
    "GET /api/v1/producers/{producer_id}": SCOPED_API_DETAIL,
    "GET /api/v1/products": READ_API,
    "GET /api/v1/products/{product_id}": SCOPED_API_DETAIL,
    "GET /api/v1/certificates": READ_API,
    # Verification is public: every issued certificate, whatever its status (issue 17).
    "GET /api/v1/certificates/{uid}": READ_API,
    "GET /api/v1/certificates/by-code/{product_code}": READ_API,
    "GET /api/v1/dossiers": {"GET": who(200, anonymous=401)},
    "GET /api/v1/dossiers/{dossier_id}": {"GET": who(200, anonymous=401, out=404)},
    # Filing goes by the product's scope: out of scope (and producers, who have no unit scope) 404.
    "POST /api/v1/dossiers": {"POST": who(403, anonymous=401, commune_a=OK_API, out=404, producer=404)},
    "PATCH /api/v1/dossiers/{dossier_id}": {"PATCH": who(403, anonymous=401, out=404, producer=OK_API,
                                                         commune_a=OK_API)},
    "PUT /api/v1/dossiers/{dossier_id}/self-assessment": {"PUT": who(403, anonymous=401, out=404, producer=OK_API,
                                                                     commune_a=OK_API)},
    "POST /api/v1/dossiers/{dossier_id}/transitions": {"POST": who(403, anonymous=401, out=404, producer=OK_API,
                                                                   commune_a=OK_API)},
    # An accepted dossier before its council: council readers see the sheets, seats declare and score.
    "GET /api/v1/dossiers/{dossier_id}/sheets/{level}": {"GET": who(404, anonymous=401, national=200, province=200,
                                                                    auditor=200, council_secretary=200)},
    "POST /api/v1/dossiers/{dossier_id}/sheets/{level}/conflict": {"POST": who(403, anonymous=401, out=404,
                                                                               council=OK_API)},
    "PUT /api/v1/dossiers/{dossier_id}/sheets/{level}/mine": {"PUT": who(403, anonymous=401, out=404,
                                                                         council_member=OK_API)},
    "GET /api/v1/indicators": {"GET": who(200, anonymous=401)},
    "GET /api/v1/indicators/{code}": {"GET": who(200, anonymous=401, commune_a=404, out=404, producer=404)},
})

# Uploaded files (ocop.core.media): an evidence document is for its record's readers and its producer.
EXPLICIT["media"] = {"GET": who(404, reads_commune=200, producer=200)}

#: Routes that exist only in some configurations.
OPTIONAL = {}

#: Request bodies for writes: valid enough that the permission answer is what comes back.
API_BODIES = {
    "POST /api/v1/dossiers": {"product_id": "{product}", "assisted": False},
    "PATCH /api/v1/dossiers/{dossier_id}": {"changes_note": "Bổ sung bao bì"},
    "PUT /api/v1/dossiers/{dossier_id}/self-assessment": {"answers": {"1a": "1"}},
    "POST /api/v1/dossiers/{dossier_id}/transitions": {"to": "submitted"},
    "POST /api/v1/dossiers/{dossier_id}/sheets/{level}/conflict": {"has_conflict": False},
    "PUT /api/v1/dossiers/{dossier_id}/sheets/{level}/mine": {"answers": {}, "submit": False},
}


def expected(key: str) -> dict | None:
    """{method: {persona: answer}} for a route key, or None when the matrix has no entry."""
    if key in EXPLICIT:
        return EXPLICIT[key]
    if key in OPTIONAL:
        return OPTIONAL[key]
    return _admin_rule(key) or _object_redirect_rule(key)


def query_for(route, world) -> dict:
    if route.key == "GET /api/v1/indicators/{code}":
        return {"year": 2026, "unit": world.personas.units.dong_nai.pk}
    return {}


def body_for(route, world) -> dict:
    body = API_BODIES.get(route.key, {})
    if body.get("product_id") == "{product}":
        body = {**body, "product_id": world.objects["registry.product"].pk}
    return body
