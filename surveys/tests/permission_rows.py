"""This app's rows of the permission table (planaccion/tests/permission_table.py) and the
objects they name, made for Cartago and again for the other entity.

Empty POST bodies: a form answers 422; an action refused by the survey's state or by a stale
revision goes back to the survey's page with the reason (302)."""

from __future__ import annotations

from planaccion.tests.permission_table import Row, members_read, planner_only, public, who

# URL argument values that are one entity's objects: the test repeats them with the other's.
# The questionnaire's token is public by design: nobody's access depends on its entity.
ENTITY_OBJECTS: set[str] = {"survey", "closed_survey", "question"}

SURVEY = {"pk": "survey"}
QUESTION = {"pk": "survey", "question_pk": "question"}
CLOSED = {"nit": "nit", "pk": "closed_survey"}
CREATORS = {"planner": 200, "other_planner": 200, "overseer": 200}

ROWS: dict[str, Row] = {
    # -- internal: the user's own entity's surveys (no entity: nothing to list) -------------
    "surveys:list": Row(who(200, superuser=403), None),
    "surveys:create": Row(who(403, **CREATORS), who(403, **{name: 422 for name in CREATORS})),
    "surveys:detail": Row(members_read(), None, SURVEY),
    "surveys:edit": Row(planner_only(200), planner_only(422), SURVEY),
    "surveys:question_add": Row(planner_only(200), planner_only(422), SURVEY),
    "surveys:question_edit": Row(planner_only(200), planner_only(422), QUESTION),
    "surveys:question_delete": Row(None, planner_only(302), QUESTION),
    "surveys:question_move": Row(None, planner_only(302), QUESTION),
    "surveys:open": Row(None, planner_only(302), SURVEY),
    "surveys:close": Row(None, planner_only(302), SURVEY),
    "surveys:duplicate": Row(None, planner_only(302), SURVEY),
    "surveys:results": Row(members_read(), None, SURVEY),
    # The responses, one row each (no personal data), are Planeación's.
    "surveys:responses_csv": Row(planner_only(200), None, SURVEY),
    "surveys:print": Row(members_read(), None, SURVEY),
    "surveys:codes": Row(planner_only(200), planner_only(422), SURVEY),
    # -- public: the questionnaire by its link, the list and closed surveys' results ---------
    "surveys:answer": Row(public(), public(422), {"token": "survey_token"}),
    "surveys:thanks": Row(public(), public(405), {"token": "survey_token"}),
    "surveys:public_list": Row(public(), public(405), {"nit": "nit"}, foreign=public()),
    "surveys:public_results": Row(public(), public(405), CLOSED, foreign=public()),
    "surveys:public_results_csv": Row(public(), public(405), CLOSED, foreign=public()),
}


def objects(entity, *, planner, plan, draft, unit) -> dict[str, int | str]:
    """This app's objects of ``entity``, by the names ROWS' kwargs use. ``plan`` is the
    published seed plan, ``draft`` its version 2 in draft, ``unit`` a dependencia."""
    from surveys import services
    from surveys.tests.factories import answers_for, open_survey

    survey = open_survey(entity, planner, activity=plan.activities.first())
    closed = open_survey(entity, planner)
    services.submit_response(closed, answers=answers_for(closed), value_group=None)
    closed = services.close_survey(closed, by=planner)
    return {
        "survey": survey.pk,
        "survey_token": survey.token,
        "question": survey.questions.first().pk,
        "closed_survey": closed.pk,
    }
