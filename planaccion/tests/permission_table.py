"""The declared permission table: for every URL of the project, who may use it, and the status
each persona gets. ``test_permissions.py`` walks every URL pattern with every persona and checks
this table; a URL without a row fails the test.

Personas (see conftest.py): anonymous; reporter of unit A (luis, Servicios Administrativos);
reporter of unit B (rosa, Hacienda); planner (ana); approver (carmen, a viewer who signs for the
Comité); auditor (marta, Control Interno); viewer (jorge); a planner of another entity (pedro);
the department's planning office that oversees Cartago read-only (valle, a planner of the
Gobernación); the system administrator (root, with the second step done).

Objects are Cartago's: the published seed plan (approved with the Comité's acta, a PDF) and its
version 2 in draft; activity 3 of the plan (Servicios Administrativos reports it) with its
validated report for period I, a private evidence file and a public one; activity 4, which
Servicios Administrativos also reports and has no report yet; a dependencia and a membership.
The same test then repeats every URL that names an object with the other entity's objects: there
the default is 404 for everyone signed in but the system administrator (``foreign``), as if the
object did not exist.

Statuses: 200 shown; 201 created; 302 redirected (to log in for anonymous users, or after a
successful POST); 400 bad request; 401 no API token; 403 refused; 404 not found (or not yours);
405 wrong method; 409 refused by the plan's state; 422 invalid data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ANON, RA, RB, PLANNER, APPROVER, AUDITOR, VIEWER, OTHER, OVERSEER, SUPER = (
    "anonymous",
    "reporter_a",
    "reporter_b",
    "planner",
    "approver",
    "auditor",
    "viewer",
    "other_planner",
    "overseer",
    "superuser",
)
PERSONAS = (ANON, RA, RB, PLANNER, APPROVER, AUDITOR, VIEWER, OTHER, OVERSEER, SUPER)
MEMBERS = (RA, RB, PLANNER, APPROVER, AUDITOR, VIEWER)  # Cartago's own people
SIGNED_IN = tuple(p for p in PERSONAS if p != ANON)


def who(default: int, anonymous: int = 302, **statuses: int) -> dict[str, int]:
    """Every persona gets ``default`` but those named; anonymous users are sent to log in."""
    table = dict.fromkeys(PERSONAS, default)
    table[ANON] = anonymous
    table.update(statuses)
    return table


def public(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def members_read(status: int = 200, **more: int) -> dict[str, int]:
    """Cartago's people, its overseer and the administrator read; the other entity gets 404."""
    return who(status, other_planner=404, **more)


def planner_only(status: int, *, refused: int = 403, **more: int) -> dict[str, int]:
    """Planeación of the object's entity (and the administrator) act; the other entity and the
    overseer, who only reads, are refused like anyone else in Cartago."""
    return who(refused, planner=status, superuser=status, other_planner=404, **more)


@dataclass(frozen=True)
class Row:
    get: dict[str, int] | None  # None: the view does not answer GET (checked as 405)
    post: dict[str, int] | None  # None: the view does not answer POST (checked as 405)
    kwargs: dict[str, str] = field(default_factory=dict)  # URL argument -> world object
    foreign: dict[str, int] | None = None  # statuses with the other entity's objects
    post_data: str = ""  # name of a body in test_permissions.BODIES
    api: bool = False  # authenticated with the persona's API token, not a session


PLAN = {"pk": "plan"}
DRAFT = {"pk": "draft"}
DRAFT_ACTIVITY = {"pk": "draft", "activity_pk": "draft_activity"}
PUBLIC_PLAN = {"nit": "nit", "pk": "plan"}

TABLE: dict[str, Row] = {
    # -- public portal (no log-in): the published plan of any entity is public ---------------
    "portal:home": Row(public(), public(405)),
    "portal:accessibility": Row(public(), public(405)),
    "portal:data_dictionary": Row(public(), public(405)),
    "portal:catalogue": Row(public(), public(405)),
    "portal:dcat": Row(public(), public(405)),
    "portal:bulk": Row(public(), public(405)),
    "portal:entity_catalogue": Row(public(), public(405), {"nit": "nit"}, foreign=public()),
    "portal:entity_bulk": Row(public(), public(405), {"nit": "nit"}, foreign=public()),
    "portal:datapackage": Row(public(), public(405), PUBLIC_PLAN, foreign=public()),
    "portal:entity": Row(public(), public(405), {"nit": "nit"}, foreign=public()),
    "portal:transparency": Row(public(), public(405), {"nit": "nit"}, foreign=public()),
    "portal:plan": Row(public(), public(405), PUBLIC_PLAN, foreign=public()),
    "portal:download": Row(public(), public(405), {**PUBLIC_PLAN, "fmt": "xlsx"}, foreign=public()),
    "portal:evidence": Row(
        public(), public(405), {"nit": "nit", "pk": "public_evidence"}, foreign=public()
    ),
    "health": Row(public(), public(405)),
    # -- log-in and account -------------------------------------------------------------------
    "login": Row(who(302, anonymous=200), who(302, anonymous=200)),
    "logout": Row(who(405), who(302)),
    "accounts:account": Row(who(200), who(405)),
    "accounts:verify": Row(who(302), who(302)),
    "accounts:two_factor": Row(who(200), who(200)),
    # The mailed link that opens the set-up; a token that is not valid gets the page saying so.
    "accounts:two_factor_enrol": Row(who(200), who(405), {"token": "bad_token"}),
    "accounts:two_factor_disable": Row(None, who(302)),
    "accounts:personal_data": Row(who(200), who(405)),
    "accounts:password_change": Row(who(200), who(200)),
    "accounts:password_change_done": Row(who(200), who(405)),
    "accounts:password_reset": Row(public(), public(302), post_data="reset"),
    "accounts:password_reset_done": Row(public(), public(405)),
    "accounts:password_reset_confirm": Row(
        public(), public(), {"uidb64": "uid", "token": "bad_token"}
    ),
    "accounts:password_reset_complete": Row(public(), public(405)),
    # The reset mail's link: unlocks a locked account; otherwise on to choosing a password.
    "accounts:password_reset_unlock": Row(
        public(302), public(302), {"uidb64": "uid", "token": "bad_token"}
    ),
    # -- plans ---------------------------------------------------------------------------------
    "plans:list": Row(who(200), who(405)),
    "plans:create": Row(
        who(403, planner=200, other_planner=200, overseer=200),
        who(403, planner=200, other_planner=200, overseer=200),
    ),
    "plans:types": Row(who(200, superuser=200), who(403, superuser=200)),
    # The system administrator imports too: into the entity the file's NIT names (issue 18).
    "plans:import": Row(
        who(403, planner=200, other_planner=200, overseer=200, superuser=200),
        who(403, planner=200, other_planner=200, overseer=200, superuser=200),
    ),
    "plans:import_confirm": Row(
        None,
        who(403, planner=302, other_planner=302, overseer=302, superuser=302),
        {"token": "import_token"},
    ),
    # A large import's progress: only for whoever confirmed it (the planner here).
    "plans:import_job": Row(
        who(404, planner=200),
        None,
        {"pk": "import_job"},
        foreign=who(404, other_planner=200),
    ),
    "plans:import_columns": Row(
        None,
        who(403, planner=302, other_planner=302, overseer=302, superuser=302),
        {"token": "import_token"},
    ),
    "plans:detail": Row(members_read(), None, PLAN),
    "plans:open_data": Row(members_read(), None, {**PLAN, "fmt": "json"}),
    "plans:pdf": Row(members_read(), None, PLAN),
    "plans:export": Row(members_read(), None, {**PLAN, "fmt": "xlsx"}),
    "plans:edit": Row(planner_only(200), None, DRAFT),
    "plans:header": Row(planner_only(200), planner_only(200), DRAFT),
    "plans:activity_add": Row(None, planner_only(422), DRAFT),
    "plans:activity_card": Row(planner_only(200), None, DRAFT_ACTIVITY),
    "plans:activity_edit": Row(planner_only(200), planner_only(422), DRAFT_ACTIVITY),
    "plans:activity_month": Row(None, planner_only(400), DRAFT_ACTIVITY),
    "plans:activity_move": Row(None, planner_only(302), DRAFT_ACTIVITY),
    "plans:activity_delete": Row(None, planner_only(302), DRAFT_ACTIVITY),
    "plans:copy": Row(None, planner_only(302), PLAN),
    "plans:review": Row(members_read(), None, DRAFT),
    # A refused transition (the plan is not in the right state) returns to the plan with the
    # reason: 302. A persona without the role gets 403.
    "plans:submit": Row(None, planner_only(302), DRAFT),
    "plans:return": Row(None, who(403, approver=302, superuser=302, other_planner=404), DRAFT),
    # The approval page asks for the Comité's acta; the draft is not in review: 302 with why.
    "plans:approve": Row(
        who(403, approver=302, superuser=302, other_planner=404),
        who(403, approver=302, superuser=302, other_planner=404),
        DRAFT,
    ),
    # The acta is not public: whoever reads the plan downloads it.
    "plans:approval_act": Row(members_read(), None, PLAN),
    "plans:publish": Row(None, planner_only(302), DRAFT),
    "plans:new_version": Row(None, planner_only(302), PLAN),
    # A new version's draft that never went to the Comité: a confirmation page, then deleted.
    "plans:delete": Row(planner_only(200), planner_only(302), DRAFT),
    "plans:history": Row(members_read(), None, PLAN),
    "plans:diff": Row(members_read(), None, DRAFT),
    "plans:gantt": Row(members_read(), None, PLAN),
    "plans:indicator_sources": Row(members_read(), planner_only(422), PLAN),
    # -- directory of the user's own entity (no object of another entity can be named) -------
    "organization:directory": Row(who(403, planner=200, other_planner=200, overseer=200), who(405)),
    "organization:unit_create": Row(
        who(403, planner=200, other_planner=200, overseer=200),
        who(403, planner=200, other_planner=200, overseer=200),
    ),
    "organization:unit_edit": Row(
        who(403, planner=200, other_planner=404, overseer=404),
        who(403, planner=200, other_planner=404, overseer=404),
        {"pk": "unit"},
        foreign=who(403, planner=404, overseer=404),
    ),
    "organization:api_tokens": Row(who(200), who(200)),
    "organization:entity_settings": Row(
        who(403, planner=200, other_planner=200, overseer=200),
        who(403, planner=200, other_planner=200, overseer=200),
    ),
    "organization:members": Row(who(403, planner=200, other_planner=200, overseer=200), who(405)),
    "organization:member_invite": Row(
        who(403, planner=200, other_planner=200, overseer=200),
        who(403, planner=200, other_planner=200, overseer=200),
    ),
    "organization:member_edit": Row(
        who(403, planner=200, other_planner=404, overseer=404),
        who(403, planner=200, other_planner=404, overseer=404),
        {"pk": "membership"},
        foreign=who(403, planner=404, overseer=404),
    ),
    "organization:entities": Row(who(403, superuser=200), who(405)),
    "organization:entity_create": Row(who(403, superuser=200), who(403, superuser=200)),
    # -- follow-up -----------------------------------------------------------------------------
    "followup:pending": Row(who(200, superuser=403), who(405)),
    "followup:report_form": Row(
        who(404, reporter_a=200),
        who(404, reporter_a=200),
        {"activity_pk": "activity", "period": "period"},
    ),
    "followup:report": Row(
        members_read(reporter_b=404), members_read(403, reporter_b=404), {"pk": "report"}
    ),
    "followup:evidence": Row(members_read(reporter_b=404), None, {"pk": "evidence"}),
    "followup:periods": Row(
        who(403, planner=200, other_planner=200, overseer=200),
        who(403, planner=302, other_planner=302, overseer=302),
    ),
    "followup:consolidated": Row(who(200, superuser=403), who(405)),
    "followup:dashboard": Row(members_read(), None, {"plan_pk": "plan"}),
    # A department's entities for its planning office; every entity for the administrator.
    "followup:oversight": Row(who(403, overseer=200, superuser=200), who(405)),
    # -- API: public reads; reports with a personal token ------------------------------------
    # django-ninja serves the schema and its documentation page to any method; the API's root
    # leads to that page.
    "api:openapi-json": Row(public(), public(), api=True),
    "api:openapi-view": Row(public(), public(), api=True),
    "api:api-root": Row(public(302), public(405), api=True),
    "api:entities": Row(public(), public(405), api=True),
    "api:published_plans": Row(public(), public(405), api=True),
    "api:published_plan": Row(
        public(), public(405), {"plan_id": "plan"}, api=True, foreign=public()
    ),
    "api:plan_activities": Row(
        public(), public(405), {"plan_id": "plan"}, api=True, foreign=public()
    ),
    "api:plan_progress": Row(
        public(), public(405), {"plan_id": "plan"}, api=True, foreign=public()
    ),
    "api:plan_datapackage": Row(
        public(), public(405), {"plan_id": "plan"}, api=True, foreign=public()
    ),
    "api:submit_report": Row(
        public(405),
        who(404, anonymous=401, reporter_a=200),
        {"activity_id": "activity", "periodo": "period"},
        post_data="api_report",
        api=True,
        foreign=who(404, anonymous=401),
    ),
}

# Participation (issue 21) and the plan's chain (issue 22): each app, or each part of an app
# grown in parallel, declares its rows and makes its objects in its own module (ROWS,
# ENTITY_OBJECTS, objects()), merged here.
ROW_MODULES = (
    "participation.tests.permission_rows",
    "consultation.tests.permission_rows",
    "dialogue.tests.permission_rows",
    "surveys.tests.permission_rows",
    "development.tests.permission_rows",
    "improvement.tests.permission_rows",
    "plans.tests.permission_rows_mipg",
    "followup.tests.permission_rows_budget",
    "organization.tests.permission_rows_people",
    "followup.tests.permission_rows_compliance",
    "organization.tests.permission_rows_entities",
)


def row_modules():
    from importlib import import_module

    return [import_module(name) for name in ROW_MODULES]


for _module in row_modules():
    TABLE.update(_module.ROWS)
