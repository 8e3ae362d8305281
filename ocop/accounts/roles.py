"""Named sets of roles and their ranking: the only place a set of roles is spelled out.

Pure module (no ORM). Apps import these names instead of writing {Role.X, Role.Y} themselves.
"""

from ocop.accounts.models import Role

#: Roles that cover the whole country and hold no unit (enforced by a database constraint).
NATIONAL_ONLY = frozenset({Role.NATIONAL_OFFICE})
#: Roles that may hold no unit (the whole country) or one unit: the auditor (national or provincial
#: inspection). Every other role needs a unit.
UNIT_OPTIONAL = frozenset({Role.AUDITOR})
#: Roles that, without a unit, read the whole country.
NATIONAL_ROLES = NATIONAL_ONLY | UNIT_OPTIONAL

#: Roles that read in their unit but write nothing through it. A department officer reads the
#: province and writes only the tasks its department leads (see policy.task_roles); a council
#: member scores through the seat on a council, never through the unit.
READ_ONLY_ROLES = frozenset({Role.AUDITOR, Role.COUNCIL_MEMBER, Role.DEPARTMENT_OFFICER})

#: The offices of the OCOP administration, national to commune.
OFFICE_ROLES = frozenset(
    {Role.NATIONAL_OFFICE, Role.PROVINCE_OFFICE, Role.DEPARTMENT_OFFICER, Role.DISTRICT_OFFICE, Role.COMMUNE_OFFICER}
)
#: Offices that write unit records (registry, cycle, promotion, catalog…) in their unit.
WRITING_OFFICES = OFFICE_ROLES - {Role.DEPARTMENT_OFFICER}

#: The province and national OCOP offices: manage rounds, councils, decisions, role assignments,
#: programme plans and follow analytics. (Was spelled 11 times under 4 names.)
MANAGERS = frozenset({Role.NATIONAL_OFFICE, Role.PROVINCE_OFFICE})
#: Managers plus the auditor: who follows councils' work and analytics (read).
OVERSEERS = MANAGERS | {Role.AUDITOR}
#: Who plans the programme (plans, targets, periods): managers and the commune office.
PLANNERS = MANAGERS | {Role.COMMUNE_OFFICER}
#: Who writes programme records (training, funding, reports) in their unit.
PROGRAM_WRITERS = PLANNERS
#: Who manages departments and their tasks (the steering committee's standing office).
TASK_MANAGERS = frozenset({Role.PROVINCE_OFFICE})
#: Who acts on a department task (moves, progress notes): the lead department's officers and the
#: province office.
TASK_ACTORS = frozenset({Role.DEPARTMENT_OFFICER, Role.PROVINCE_OFFICE})
#: Who may grant roles (within their scope and up to their own rank).
GRANTORS = MANAGERS

#: The chair of a council: a seat (rating.CouncilMember), never an account role.
COUNCIL_CHAIR = "council_chair"

#: What a system administrator acts as everywhere.
SUPERUSER_ROLES = OFFICE_ROLES | {Role.COUNCIL_SECRETARY}

#: Rank of each role: nobody grants a role ranked above the granting role.
RANK = {
    Role.NATIONAL_OFFICE: 100,
    Role.PROVINCE_OFFICE: 80,
    Role.AUDITOR: 80,
    Role.DEPARTMENT_OFFICER: 60,
    Role.DISTRICT_OFFICE: 50,
    Role.COUNCIL_SECRETARY: 40,
    Role.COMMUNE_OFFICER: 40,
    Role.COUNCIL_MEMBER: 30,
    Role.PRODUCER: 10,
}


def rank(role: str) -> int:
    return RANK.get(role, 0)


def needs_unit(role: str) -> bool:
    return role not in NATIONAL_ROLES


def may_have_unit(role: str) -> bool:
    return role not in NATIONAL_ONLY
