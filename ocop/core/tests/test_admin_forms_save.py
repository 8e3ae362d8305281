"""Every back-office form saves (issue 13 item 1): for every admin model, as every persona that may
change its record, the change form is submitted back exactly as rendered; as every persona that may
add, the add form is submitted filled with valid data; every custom page with a form (back office
and portal) is submitted back as rendered, as every persona the matrix lets write it. The answer
is a redirect, or the form again with its messages — never a 500.

The forms are read from the rendered pages (ocop/core/tests/htmlforms.py) as a browser would send
them. An add form's required fields that are empty are filled by type; where that cannot make
valid data, ADD_DATA gives the model's fields. Personas and records: the permission matrix's world
(built once per module, each test in its own savepoint).
"""

import re
from datetime import date

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from ocop.core.testing import make_user
from ocop.core.tests import permission_matrix as matrix
from ocop.core.tests.htmlforms import parse_forms
from ocop.core.tests.permission_paths import url_for
from ocop.core.tests.permission_world import build_world
from ocop.core.tests.routes import url_routes

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

def _home_unit(world, persona):
    """The unit a persona works in (national and superuser: commune A, where the world lives)."""
    user = matrix.users(world).get(persona)
    role = user.roles.filter(unit__isnull=False).select_related("unit").first() if user is not None else None
    return role.unit if role is not None else world.personas.units.commune_a


def _home_province(world, persona):
    unit = _home_unit(world, persona)
    while unit.parent_id is not None:
        unit = unit.parent
    return unit


#: Per-model add data where filling required fields by type is not enough: name → value, or
#: callable(world, persona) → value. Files are fresh uploads for each request.
ADD_DATA = {
    "registry.document": {"file": lambda w, p: SimpleUploadedFile("giay-to.pdf", PDF), "kind": "attp",
                          "producer": lambda w, p: w.objects["registry.producer"].pk},
    "accounts.user": {"password1": "Mat-khau-rat-manh-2026", "password2": "Mat-khau-rat-manh-2026"},
    "accounts.roleassignment": {"role": "commune_officer", "unit": lambda w, p: _home_unit(w, p).pk},
    "territory.adminunit": {"code": "99999", "level": "commune"},
    "rating.ratinground": {"level": "province", "unit": lambda w, p: _home_province(w, p).pk,
                           "starts_on": "2026-06-15", "ends_on": "2026-12-20"},
    "cycle.cycle": {"unit": lambda w, p: _home_province(w, p).pk, "year": "2027"},
    "program.department": {"unit": lambda w, p: _home_province(w, p).pk},
    "program.plan": {"unit": lambda w, p: _home_province(w, p).pk, "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    "promotion.event": {"starts_on": "2026-06-15", "ends_on": "2026-06-20", "url": "https://example.org/hoi-cho"},
    "program.trainingcourse": {"starts_on": "2026-06-15", "ends_on": "2026-06-20"},
    "promotion.ecommercelink": {"url": "https://shopee.vn/ocop-khac"},
    "program.trainingsession": {"date": "2026-04-01"},  # within the world's course (autocomplete picks it)
    "program.fundingline": {"unit": lambda w, p: _home_unit(w, p).pk, "year": "2026"},
    # The world's producer already takes part in the world's event: a new event of commune A.
    "promotion.participation": {"event": lambda w, p: _new_event(w).pk},
}


def _new_event(world):
    from ocop.promotion.models import Event

    return Event.objects.create(name="Hội chợ thử", organiser="Sở Công Thương", starts_on=date(2026, 7, 1),
                                ends_on=date(2026, 7, 2), place="Biên Hòa", unit=world.personas.units.commune_a)


#: The personas out of the world's scope (commune B, another province) have no producer, event,
#: course or commune of their own in the world: their add forms answer with the scope message.
OUT = ("commune_b", "other_province")

#: Add forms that answer with the form again and its message, for whom, and why. Every other add
#: form must save (a redirect).
ADD_RERENDERS = {
    **{label: (OUT, "nothing of theirs to attach the record to in the world (the form says which field)")
       for label in ("registry.document", "registry.producer", "promotion.salespoint", "promotion.participation",
                     "program.trainingsession", "program.departmenttask")},
    # The world's only product with a draft dossier: the service refuses a second open one (message).
    "rating.dossier": (("commune_a",), "the product already has an open dossier: the add page says so"),
    "rating.council": (("national", "province", "other_province", "superuser"),
                       "one council per round, and the world's only round has its council: the form says so"),
    "program.plan": (("commune_a", "commune_b"), "a programme plan is the province's: a commune is refused on the form"),
}

#: Change forms that, submitted unchanged, answer with the form again (its messages), and why.
CHANGE_RERENDERS = {}

#: A 200 that is the success page itself.
ADD_SUCCESS_PAGES = {"api.apitoken": "the new token is shown once, on a page that is never cached"}


def _admin_label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def admin_cases():
    cases = []
    for label, rule in matrix.ADMIN_MODELS.items():
        changers = [p for p in rule.change if p in rule.reads and p in rule.view]
        for persona in [*changers, "superuser"]:
            cases.append(pytest.param("change", label, persona, id=f"change {label} as {persona}"))
        for persona in [*rule.add, "superuser"]:
            cases.append(pytest.param("add", label, persona, id=f"add {label} as {persona}"))
    return cases


def custom_cases():
    cases = []
    for route in url_routes():
        entry = matrix.EXPLICIT.get(route.key) or {}
        if "POST" not in entry or route.key.startswith(("admin:logout", "portal:logout", "api:")):
            continue
        for persona, answer in entry["POST"].items():
            if answer == matrix.OK and entry.get("GET", {}).get(persona) == 200:
                cases.append(pytest.param(route.key, persona, id=f"{route.key} as {persona}"))
    return cases


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("forms-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            users = {**matrix.users(built), "superuser": make_user("forms_superuser", is_superuser=True, is_staff=True)}
            built.sessions = {persona: _session(user) for persona, user in users.items()}
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _session(user):
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def client_as(world, persona) -> Client:
    client = Client(raise_request_exception=False)
    if world.sessions[persona]:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
    return client


def has_messages(response) -> bool:
    text = response.content.decode()
    return bool(re.search(r"errorlist|errornote|form-errors|text-red|alert|error", text))


def main_form(response, model_name: str):
    forms = parse_forms(response.content.decode())
    form = next((f for f in forms if f.id == f"{model_name}_form"), None)
    assert form is not None, f"no #{model_name}_form in {[f.id for f in forms]}"
    return form


FILL_BY_KIND = {"date": "2026-06-15", "time": "08:00", "number": "1", "email": "thu@example.org",
                "url": "https://example.org/", "tel": "0912345678", "datetime-local": "2026-06-15T08:00"}


def _autocomplete(client, f, term: str):
    """The first choice the admin's autocomplete offers for TERM (then for nothing), as a browser would."""
    query = {"app_label": f.autocomplete.get("app-label"), "model_name": f.autocomplete.get("model-name"),
             "field_name": f.autocomplete.get("field-name")}
    for words in (term, ""):
        results = client.get(f.autocomplete["ajax--url"], {**query, "term": words}).json().get("results", [])
        if results:
            return results[0]["id"]
    return None


def fill(form, client, unit_name: str) -> dict:
    """The form's data with each required, empty field given a value of its type."""
    data = form.data()
    for f in form.fields:
        if not f.required or any(str(v).strip() for v in f.values):
            continue
        if f.kind in ("select", "select-multiple"):
            choice = next((o for o in f.options if o), None)
            if choice is None and "ajax--url" in f.autocomplete:
                choice = _autocomplete(client, f, unit_name if f.name == "unit" else "")
            if choice is not None:
                data[f.name] = choice
        elif f.kind in ("checkbox", "radio"):
            data[f.name] = f.options[0] if f.options else "on"
        elif "vDateField" in f.css or f.name.endswith("_0") and "date" in f.css.lower():
            data[f.name] = FILL_BY_KIND["date"]
        elif "vTimeField" in f.css:
            data[f.name] = FILL_BY_KIND["time"]
        else:
            data[f.name] = FILL_BY_KIND.get(f.kind, f"thu-{f.name}"[:30])
    return data


@pytest.mark.parametrize(("view", "label", "persona"), admin_cases())
def test_admin_form_saves(world, db, view, label, persona):
    app_label, model_name = label.split(".")
    client = client_as(world, persona)
    if view == "change":
        obj = world.objects[label]
        url = reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk])
    else:
        url = reverse(f"admin:{app_label}_{model_name}_add")
    page = client.get(url)
    if persona == "superuser" and page.status_code in (403, 404):
        # A record only its owner sees (notifications), or a model nobody adds in the back office.
        pytest.skip(f"no such form for a system administrator ({page.status_code})")
    assert page.status_code == 200, f"GET {url} as {persona}: {page.status_code}"
    if not page.context.get("has_change_permission" if view == "change" else "has_add_permission", True):
        pytest.skip("read-only in the back office: the page shows the record, with no form to submit")
    form = main_form(page, model_name)
    if view == "change":
        data = form.data()
    else:
        data = fill(form, client, _home_unit(world, persona).name)
        for name, value in ADD_DATA.get(label, {}).items():
            data[name] = value(world, persona) if callable(value) else value
    response = client.post(url, data)
    assert response.status_code != 500, f"POST {url} as {persona}: 500"
    personas, _why = (CHANGE_RERENDERS if view == "change" else ADD_RERENDERS).get(label, ((), ""))
    if persona not in personas:
        if response.status_code == 200 and view == "add" and label in ADD_SUCCESS_PAGES:
            assert "no-store" in response["Cache-Control"]
            return
        assert response.status_code == 302, f"POST {url} as {persona}: {response.status_code}, {_errors(response)}"
        return
    if response.status_code == 302:  # refused at save time: back to the page with the message
        follow = client.get(response["Location"])
        assert "alert" in follow.content.decode() or list(follow.context["messages"]), response["Location"]
        return
    assert response.status_code == 200 and has_messages(response), (
        f"POST {url} as {persona}: {response.status_code}, errors: {_errors(response)}"
    )


def _errors(response) -> str:
    context = getattr(response, "context", None)
    if context is None:
        return response.content.decode()[:500]
    for key in ("adminform", "form"):
        form = context.get(key)
        form = getattr(form, "form", form)
        if form is not None and getattr(form, "errors", None):
            return str(form.errors.as_data())[:1500]
    formsets = context.get("inline_admin_formsets") or []
    return "; ".join(str(fs.formset.errors) + str(fs.formset.non_form_errors()) for fs in formsets)[:1500]


@pytest.mark.parametrize(("key", "persona"), custom_cases())
def test_custom_page_form_submitted_back_never_500(world, db, key, persona):
    route = next(r for r in url_routes() if r.key == key)
    url = url_for(route, world)
    client = client_as(world, persona)
    page = client.get(url)
    assert page.status_code == 200, f"GET {url} as {persona}: {page.status_code}"
    forms = [f for f in parse_forms(page.content.decode())
             if f.method == "post" and not re.search(r"logout|dang-xuat|i18n|setlang|ngon-ngu", f.action)]
    if not forms:
        pytest.skip("the page has no form of its own (its POST comes from another page)")
    response = client.post(forms[0].action or url, forms[0].data())
    assert response.status_code in (200, 302, 303), f"POST {url} as {persona}: {response.status_code}"


def test_every_admin_model_is_covered():
    registered = {_admin_label(model) for model in admin.site._registry}
    assert registered - set(matrix.ADMIN_MODELS) == set()


def test_refusals_found_by_this_test_are_messages_not_500s(world, db):
    """The 500s this test found, each with the data that caused it."""
    client = client_as(world, "province")
    course = world.objects["program.trainingcourse"]
    session = _post_filled(client, "program", "trainingsession",
                           {"course": course.pk, "date": "2027-01-01", "topic": "Ngoài khoá", "hours": "2"})
    assert session.status_code == 200 and "Ngày học phải trong thời gian của khoá." in session.content.decode()
    funding = _post_filled(client, "program", "fundingline",
                           {"unit": world.personas.units.commune_a.pk, "year": "1", "title": "Sai năm"})
    assert funding.status_code == 200 and "Năm không hợp lệ." in funding.content.decode()
    client = client_as(world, "commune_a")
    dossier = client.post(reverse("admin:rating_dossier_add"),
                          {"product": world.objects["registry.product"].pk, "kind": "first", "consent_note": "Đồng ý"})
    assert dossier.status_code == 302
    assert "hồ sơ chưa hoàn tất" in client.get(dossier["Location"]).content.decode()
    rounds = client_as(world, "province").get(reverse("admin:rating_ratinground_defaults"))
    unit_select = next(f for f in parse_forms(rounds.content.decode())[-1].fields if f.name == "unit")
    assert "" not in unit_select.options  # no "central" choice a province office could not use


def _post_filled(client, app_label, model_name, values):
    url = reverse(f"admin:{app_label}_{model_name}_add")
    data = fill(main_form(client.get(url), model_name), client, "")
    return client.post(url, {**data, **values})
