"""The house's floors (docs/architecture.md): the kernel imports no domain app, the apps do not
import the top floor, nothing that runs imports the dev tooling, and no module imports one
that imports it back. Read from the source, every import including those inside functions."""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
KERNEL = {"cip"}
APPS = {"board", "briefs", "workpackages", "placements", "funding", "forecast"}
TOP = {"dashboard", "reports", "reminders"}
TOOLING = {"devkit"}
FLOOR = {**dict.fromkeys(KERNEL, 0), **dict.fromkeys(APPS, 1), **dict.fromkeys(TOP, 2)}
FLOOR.update(dict.fromkeys(TOOLING, 3))


def _modules() -> dict[str, Path]:
    found = {}
    for package in FLOOR:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name in modules}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) for name, path in modules.items()}


def test_every_package_of_the_project_has_a_floor():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "scripts"}
    assert packages == set(FLOOR)


def test_no_module_imports_a_floor_above_its_own():
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in targets
        if FLOOR[target.split(".")[0]] > FLOOR[module.split(".")[0]]
    )
    assert upward == []


def test_no_import_circles():
    graph = _graph()
    # A package's __init__ is imported with any of its modules: not an edge of its own.
    edges = defaultdict(set)
    for module, targets in graph.items():
        for target in targets:
            if target != module and not module.startswith(target + "."):
                edges[module].add(target)
    circles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == "open":
                circles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert circles == []
