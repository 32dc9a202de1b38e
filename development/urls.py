from django.urls import path

from development import views

app_name = "development"

BASE = "plan-de-desarrollo"
LINE, PROGRAM, GOAL = {"kind": "line"}, {"kind": "program"}, {"kind": "goal"}

urlpatterns = [
    path(f"{BASE}/", views.dashboard, name="dashboard"),
    path(f"{BASE}/nuevo/", views.create, name="create"),
    path(f"{BASE}/<int:pk>/", views.detail, name="detail"),
    path(f"{BASE}/<int:pk>/editar/", views.edit_plan, name="edit_plan"),
    path(f"{BASE}/<int:pk>/importar/", views.import_file, name="import"),
    path(f"{BASE}/<int:pk>/importar/<str:token>/", views.import_preview, name="import_preview"),
    path(f"{BASE}/<int:pk>/lineas/nueva/", views.add, LINE, name="line_add"),
    path(f"{BASE}/lineas/<int:pk>/editar/", views.edit, LINE, name="line_edit"),
    path(f"{BASE}/lineas/<int:pk>/eliminar/", views.delete, LINE, name="line_delete"),
    path(f"{BASE}/lineas/<int:pk>/mover/", views.move, LINE, name="line_move"),
    path(f"{BASE}/lineas/<int:pk>/programas/nuevo/", views.add, PROGRAM, name="program_add"),
    path(f"{BASE}/programas/<int:pk>/editar/", views.edit, PROGRAM, name="program_edit"),
    path(f"{BASE}/programas/<int:pk>/eliminar/", views.delete, PROGRAM, name="program_delete"),
    path(f"{BASE}/programas/<int:pk>/mover/", views.move, PROGRAM, name="program_move"),
    path(f"{BASE}/programas/<int:pk>/metas/nueva/", views.add, GOAL, name="goal_add"),
    path(f"{BASE}/metas/<int:pk>/editar/", views.edit, GOAL, name="goal_edit"),
    path(f"{BASE}/metas/<int:pk>/eliminar/", views.delete, GOAL, name="goal_delete"),
    path(f"{BASE}/metas/<int:pk>/mover/", views.move, GOAL, name="goal_move"),
    path(f"{BASE}/metas/<int:pk>/medicion/", views.measure, name="goal_measure"),
    path(f"{BASE}/planes/<int:plan_pk>/metas/", views.plan_goals, name="plan_goals"),
    path("entidades/<str:nit>/plan-de-desarrollo/", views.public, name="public"),
]
