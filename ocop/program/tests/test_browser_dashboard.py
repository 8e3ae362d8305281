"""The programme journey in the browser, with the Đồng Nai demo's own accounts and data (seeded as
`ocop seed-demo` does).

The province office "dongnai" opens its programme dashboard on the newest plan: its targets, the
task figures equal to the records (each status's count; the overdue count, judged on the day the
page names, equal to its list and to the tasks overdue that day) and the Excel export with the same
→ on the current year the overdue tasks are those of the task list's «Quá hạn» filter → it assigns
a new task to the department of the demo's department officer "songnn" → the officer finds it in
their inbox, starts it and reports progress; reporting it complete at 40 % is refused with the
reason, at 100 % accepted → the office confirms the demo's task reported long ago, and the
dashboard's overdue figure drops by one, still equal to its list and to the records.
"""

import re
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ocop.accounts.demo import demo_accounts
from ocop.accounts.models import Role, RoleAssignment
from ocop.core.tests.browser import admin_login, download, new_page, offline, seed_demo, watch
from ocop.program import demo as program_demo
from ocop.program.models import DepartmentTask
from ocop.program.workflow import TaskStatus, overdue_q

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_TASK = "Khảo sát điểm bán sản phẩm OCOP tại các chợ đầu mối"


def _office(role):
    return next(username for username, _name, r, _unit in demo_accounts() if r == role)


def _overdue_titles(day: date) -> list[str]:
    return sorted(DepartmentTask.objects.filter(overdue_q(day)).values_list("title", flat=True))


def _task_figures(page) -> tuple[date, int, list[str]]:
    """The dashboard's task figures, checked against the records: each status's count; the overdue
    count (judged on the day the page names: the period's end, or today if sooner) equal to the
    overdue list and to the tasks overdue that day. Returns (that day, the count, the list)."""
    for item in page.locator("ul.ocop-list:not(#overdue) > li").all_inner_texts():  # the task card
        label, _, count = item.rpartition(": ")
        status = next(value for value, text in TaskStatus.choices if str(text) == label.strip())
        assert int(count) == DepartmentTask.objects.filter(status=status).count(), label
    found = re.search(r"ngày (\d{2}/\d{2}/\d{4}): (\d+) nhiệm vụ", page.locator("#overdue-heading").inner_text())
    day, overdue = datetime.strptime(found.group(1), "%d/%m/%Y").date(), int(found.group(2))
    listed = sorted(text.split(" – ")[0] for text in page.locator("#overdue li").all_inner_texts())
    assert overdue == len(listed) and listed == _overdue_titles(day)
    return day, overdue, listed


def test_the_province_office_follows_targets_and_tasks(live_server, browser, page, tmp_path):
    seed_demo()
    base = live_server.url
    contacted = set()
    watch(page, contacted)
    today = timezone.localdate()
    office, officer = _office(Role.PROVINCE_OFFICE), _office(Role.DEPARTMENT_OFFICER)
    department = RoleAssignment.objects.get(user__username=officer, role=Role.DEPARTMENT_OFFICER).department
    assert department is not None  # the program demo links the department officer to their department

    # 1. The dashboard opens on the newest plan: its targets; the task figures equal the records;
    #    the Excel export carries the same.
    admin_login(page, base, office)
    page.goto(f"{base}/admin/program/plan/dashboard/")
    wordings = [row[4] for row in program_demo.TARGETS_2021]
    expect(page.locator("#targets")).to_contain_text(wordings[0])
    _day, overdue, _listed = _task_figures(page)
    download(page, "#export-xlsx", tmp_path, "dashboard.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "dashboard.xlsx")
    targets = {row[2]: row for row in workbook["Chỉ tiêu"].iter_rows(min_row=2, values_only=True)}
    low, high = program_demo.TARGETS_2021[3][2:4]
    assert (targets[wordings[3]][4], targets[wordings[3]][5]) == (low, high)
    values = {row[1]: row[3] for row in workbook["Chỉ số"].iter_rows(min_row=2, values_only=True)}
    assert values["tasks_overdue"] == overdue

    # The current year: overdue as of today, the same tasks as the task list's «Quá hạn» filter.
    page.select_option("form.ocop-filter select[name=year]", str(today.year))
    page.click("form.ocop-filter button[type=submit]")
    day, overdue, listed = _task_figures(page)
    assert day == today and overdue >= 2  # the demo's late tasks: one in progress, one reported long ago
    year_dashboard = page.url
    page.goto(f"{base}/admin/program/departmenttask/?due=overdue")
    assert sorted(page.locator("#result_list tbody tr th a, #result_list tbody tr td.field-title a")
                  .all_inner_texts()) == listed

    # 2. The office assigns a new task to the department officer's department.
    page.goto(f"{base}/admin/program/departmenttask/add/")
    page.fill("input[name=title]", NEW_TASK)
    page.select_option("select[name=lead]", str(department.pk))
    page.fill("input[name=deadline]", (today + timedelta(days=30)).isoformat())
    page.click("button[name=_save]")
    expect(page.locator("body")).to_contain_text("thành công")
    task = DepartmentTask.objects.get(title=NEW_TASK)
    assert task.lead == department and task.status == TaskStatus.ASSIGNED and task.progress == 0

    # 3. The officer finds it in their inbox, starts it and reports progress; "complete" at 40 %
    #    is refused with the reason, at 100 % accepted.
    person = new_page(browser, contacted)
    admin_login(person, base, officer)
    person.locator("#inbox-tasks a", has_text=NEW_TASK).click()
    expect(person.locator("#task-panel")).to_contain_text("Đã giao")
    person.click("#task-panel button:has-text('Bắt đầu thực hiện')")
    expect(person.locator("#task-panel")).to_contain_text("Đang thực hiện")
    person.fill("#task-panel textarea[name=text]", "Đã khảo sát 4 trên 10 chợ đầu mối.")
    person.fill("#task-panel input[name=progress]", "40")
    person.click("#task-panel button:has-text('Ghi nhận tiến độ')")
    expect(person.locator("#task-panel")).to_contain_text("40%")
    person.click("#task-panel button:has-text('Báo cáo hoàn thành')")
    expect(person.locator("body")).to_contain_text("Tiến độ nhiệm vụ mới đạt 40%")
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.progress == 40
    person.fill("#task-panel textarea[name=text]", "Đã khảo sát đủ 10 chợ; gửi báo cáo tổng hợp.")
    person.fill("#task-panel input[name=progress]", "100")
    person.click("#task-panel button:has-text('Ghi nhận tiến độ')")
    person.click("#task-panel button:has-text('Báo cáo hoàn thành')")
    expect(person.locator("#task-panel")).to_contain_text("Đã báo cáo hoàn thành")
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORTED and task.progress == 100
    assert list(task.notes.order_by("pk").values_list("progress", flat=True)) == [40, 100]

    # 4. The office confirms the demo's task reported long ago: one overdue task fewer, and the
    #    dashboard still equals its list and the records.
    late = DepartmentTask.objects.filter(overdue_q(today), status=TaskStatus.REPORTED).first()
    page.goto(f"{base}/admin/program/departmenttask/{late.pk}/change/")
    page.click("#task-panel button:has-text('Xác nhận hoàn thành')")
    expect(page.locator("#task-panel")).to_contain_text("Hoàn thành")
    late.refresh_from_db()
    assert late.status == TaskStatus.DONE
    page.goto(year_dashboard)
    _day, after, listed_after = _task_figures(page)
    assert after == overdue - 1 and late.title not in listed_after

    assert offline(contacted, base)
