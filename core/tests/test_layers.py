"""The apps import each other in one direction only (issue 19, docs/adr/0001).

Every ``.py`` file of our apps outside ``tests/`` and ``migrations/`` is parsed (never imported),
and each import of another app of ours, at module level or inside a function, absolute or relative,
becomes an edge ``from_app -> to_app``. An edge must point to an app allowed below ``from_app`` in
``ALLOWED``; the whole graph must have no cycle.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Each app and the apps it may import, bottom to top: the table of docs/adr/0001 (amendment of
# 2026-12-04). Keep them in step.
PARTICIPATION = {"participation", "consultation", "dialogue", "surveys"}
CHAIN = {"development", "improvement"}
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "audit": {"core"},
    "organization": {"audit", "core"},
    "formats": {"organization", "core"},  # organization.nit only (a test below): pure, no database
    "plans": {"organization", "formats", "audit", "core"},
    # Participation (issue 21): grupos de valor and consent, then the three exercises, each on its
    # own; followup reads their records to propose an indicator's result (followup.sources).
    "participation": {"plans", "organization", "formats", "audit", "core"},
    "consultation": {"participation", "plans", "organization", "formats", "audit", "core"},
    "dialogue": {"participation", "plans", "organization", "formats", "audit", "core"},
    "surveys": {"participation", "plans", "organization", "formats", "audit", "core"},
    "followup": PARTICIPATION | {"plans", "organization", "formats", "audit", "core"},
    # The plan's chain (issue 22): the Plan de Desarrollo's metas and the planes de mejoramiento
    # read the activities' validated progress, so they sit above followup.
    "development": PARTICIPATION
    | {"followup", "plans", "organization", "formats", "audit", "core"},
    "improvement": PARTICIPATION
    | {"followup", "plans", "organization", "formats", "audit", "core"},
    "accounts": {"followup", "organization", "audit", "core"},
    "portal": CHAIN | PARTICIPATION | {"followup", "plans", "organization", "formats", "core"},
    # Not portal: what both need is a selector of followup or plans.
    "api": CHAIN | PARTICIPATION | {"followup", "plans", "organization", "formats", "core"},
    # Anything below; nothing imports them.
    "backup": {"accounts", "portal", "api", "followup", "plans", "organization", "formats"}
    | PARTICIPATION
    | CHAIN
    | {"audit", "core"},
    "demo": {"accounts", "portal", "api", "followup", "plans", "organization", "formats"}
    | PARTICIPATION
    | CHAIN
    | {"audit", "core"},
    # The project package: settings, root URLs, WSGI and middleware. Nothing imports it.
    "planaccion": {
        "core",
        "audit",
        "organization",
        "formats",
        "plans",
        "participation",
        "consultation",
        "dialogue",
        "surveys",
        "followup",
        "development",
        "improvement",
        "accounts",
        "portal",
        "api",
        "backup",
        "demo",
    },
}
APPS = frozenset(ALLOWED)

SKIPPED_DIRS = {"tests", "migrations", ".venv", "__pycache__", "node_modules"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _python_files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if SKIPPED_DIRS.isdisjoint(path.relative_to(ROOT).parts):
            yield path


def _imported_modules(path: Path) -> list[tuple[str, int]]:
    """Absolute names of the modules a file imports anywhere in its body, with the line."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # ``from .. import plans`` names the module in the alias, not in ``module``.
            found.extend(
                (f"{target}.{alias.name}" if target else alias.name, node.lineno)
                for alias in node.names
            )
    return found


def import_edges() -> dict[tuple[str, str], list[str]]:
    """(from_app, to_app) -> the places ``file:line`` where the import is written."""
    edges: dict[tuple[str, str], list[str]] = {}
    for app in sorted(APPS):
        for path in _python_files(app):
            for target, line in _imported_modules(path):
                to_app = target.split(".")[0]
                if to_app in APPS and to_app != app:
                    place = f"{path.relative_to(ROOT)}:{line}"
                    places = edges.setdefault((app, to_app), [])
                    if place not in places:
                        places.append(place)
    return edges


def _forbidden(edges):
    return {edge: places for edge, places in edges.items() if edge[1] not in ALLOWED[edge[0]]}


def _cycles(edges) -> list[list[str]]:
    """One cycle per strongly connected group of apps (Tarjan), smallest first."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups, key=len)


def _describe(edges, chosen) -> str:
    lines = []
    for (a, b), places in sorted(chosen.items()):
        lines.append(f"  {a} -> {b}: " + ", ".join(places))
    return "\n".join(lines)


def test_every_app_of_the_project_is_in_the_order():
    folders = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert folders - APPS == set(), (
        "Apps without a place in the layer order (add them to ALLOWED): "
        + ", ".join(sorted(folders - APPS))
    )


def test_no_app_imports_an_app_above_it_or_beside_it():
    edges = import_edges()
    forbidden = _forbidden(edges)
    assert not forbidden, (
        "Imports that go up or sideways in the layer order (docs/adr/0001, issue 19); move the "
        "code down or call it from the app above:\n" + _describe(edges, forbidden)
    )


def test_the_apps_import_each_other_without_a_cycle():
    edges = import_edges()
    cycles = _cycles(edges)
    assert not cycles, "Apps that import each other in a circle:\n" + "\n".join(
        "  "
        + " , ".join(sorted(a for a in group))
        + "\n"
        + _describe(edges, {e: p for e, p in edges.items() if {e[0], e[1]} <= set(group)})
        for group in cycles
    )


def test_it_sees_imports_inside_functions_and_relative_ones(tmp_path, monkeypatch):
    """The reader itself: a lazy import inside a function and a relative import both count,
    and a test's import does not."""
    app = tmp_path / "formats"
    (app / "tests").mkdir(parents=True)
    (app / "apps.py").write_text("")
    (app / "reader.py").write_text(
        "from . import text\n"
        "from .. import plans\n"
        "def read():\n"
        "    from followup.rollups import rebuild\n"
        "    import portal.views as v\n"
    )
    (app / "tests" / "test_x.py").write_text("import api\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)

    edges = import_edges()

    assert set(edges) == {("formats", "plans"), ("formats", "followup"), ("formats", "portal")}
    assert edges[("formats", "followup")] == ["formats/reader.py:4"]
    assert set(_forbidden(edges)) == set(edges)


def test_it_names_each_cycle():
    edges = {("a", "b"): [], ("b", "c"): [], ("c", "a"): [], ("c", "d"): [], ("d", "e"): []}
    assert _cycles(edges) == [["a", "b", "c"]]


def module_edges(app: str) -> dict[tuple[str, str], list[str]]:
    """(module, module) -> places, for the imports between the modules of one app."""
    paths = list(_python_files(app))
    modules = {_module_name(path) for path in paths}
    edges: dict[tuple[str, str], list[str]] = {}
    for path in paths:
        here = _module_name(path)
        for target, line in _imported_modules(path):
            while target and target not in modules:  # ``from x import name`` names x.name
                target = target.rpartition(".")[0]
            if target.startswith(f"{app}.") and target != here:
                places = edges.setdefault((here, target), [])
                places.append(f"{path.relative_to(ROOT)}:{line}")
    return edges


def test_followups_modules_import_each_other_without_a_circle():
    """Roll-ups receive the progress they sum and period reads have their own module, so
    services -> selectors -> rollups runs one way (issue 19)."""
    edges = module_edges("followup")
    cycles = _cycles(edges)
    assert not cycles, "Modules of followup that import each other in a circle:\n" + "\n".join(
        _describe(edges, {e: p for e, p in edges.items() if {e[0], e[1]} <= set(group)})
        for group in cycles
    )
    assert ("followup.selectors", "followup.services") not in edges
    assert not {
        ("followup.rollups", "followup.selectors"),
        ("followup.rollups", "followup.services"),
    } & set(edges)


def test_formats_reaches_into_organization_only_for_the_pure_nit():
    """formats knows no database: of organization it may read only ``organization.nit``, the
    DIAN check digit, which touches no model."""
    reached = [
        f"{path.relative_to(ROOT)}:{line} {target}"
        for path in _python_files("formats")
        for target, line in _imported_modules(path)
        if target.split(".")[0] == "organization"
        and not (target == "organization.nit" or target.startswith("organization.nit."))
    ]
    assert not reached, "formats imports organization beyond organization.nit:\n" + "\n".join(
        reached
    )
