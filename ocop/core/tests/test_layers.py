"""The layers of the code base (docs/architecture.md, "Layers"), checked on the import graph.

Every module under ocop/ is parsed with `ast`; every `import` and `from … import` is an arrow,
wherever it stands (a lazy import inside a function is still an arrow). A module belongs to the app
named by its first package under ocop/ (ocop.ops.synth belongs to ops). Fails on:

1. an arrow from an app to an app placed after it in LAYERS (a lower layer reaching up; inside a
   layer, an app imports only the apps listed before it);
2. a cycle between apps (impossible if 1 holds; checked on its own so a cycle reads as one);
3. a cycle between the files of one app.

Tests, migrations and test support (`testing.py`, `factories.py`, `conftest.py`) are not part of
the layers: they may import anything. config/ (settings, URLs) and ocop/cli.py are above everything
and nothing under ocop/ imports config. There is no list of exceptions: an arrow that breaks a rule
is fixed in the code (a hook or signal the lower layer exposes, a move), not excused here.
"""

import ast
from functools import cache
from pathlib import Path

OCOP = Path(__file__).resolve().parents[2]

#: Bottom to top. Inside a layer an app may import the apps listed before it, never after.
LAYERS: list[tuple[str, list[str]]] = [
    ("lib", ["lib", "formats"]),  # pure helpers; formats: Django's FORMAT_MODULE_PATH, no imports
    ("territory", ["territory"]),
    ("core", ["core"]),
    ("accounts", ["accounts"]),
    ("domain", ["criteria", "registry", "cycle", "rating", "certificates", "promotion", "program"]),
    ("faces", ["catalog", "api", "portal", "inbox", "security"]),  # security: a test-only package
    ("ops", ["ops"]),
]
ABOVE_ALL = {"cli"}  # ocop/cli.py, the console script: with config/, above every layer
TEST_SUPPORT = {"testing", "factories", "conftest"}

RANK = {app: rank for rank, app in enumerate(app for _, apps in LAYERS for app in apps)}
LAYER_OF = {app: layer for layer, apps in LAYERS for app in apps}


def _excluded(parts: tuple[str, ...]) -> bool:
    return "tests" in parts or "migrations" in parts or parts[-1] in TEST_SUPPORT


@cache
def modules() -> dict[str, tuple[Path, bool]]:
    """{dotted name: (file, is a package)} of every module in the layers."""
    found = {}
    for path in sorted(OCOP.rglob("*.py")):
        parts = path.relative_to(OCOP.parent).with_suffix("").parts
        if _excluded(parts):
            continue
        package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if package else parts)] = (path, package)
    return found


def _known(name: str) -> str | None:
    """The module NAME is, or the closest enclosing one (a name imported from it)."""
    mods = modules()
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def _targets(module: str, package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module or ""
    # `from package import module` imports the module; `from module import name`, the module.
    return [f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules() else source for alias in node.names]


@cache
def arrows() -> dict[str, set[str]]:
    """{module: the modules it imports}, ocop's and config's only."""
    graph: dict[str, set[str]] = {}
    for module, (path, package) in modules().items():
        graph[module] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _targets(module, package, node):
                if target == "config" or target.startswith("config."):
                    graph[module].add("config")
                elif target.startswith("ocop.") and (known := _known(target)) and known != module:
                    graph[module].add(known)
    return graph


def app_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_package_under_ocop_has_a_layer():
    apps = {app_of(module) for module in modules()} - {"ocop"}
    assert apps - set(RANK) - ABOVE_ALL == set(), "place the new package in LAYERS (docs/architecture.md)"


def test_nothing_under_ocop_imports_config():
    assert sorted(m for m, targets in arrows().items() if "config" in targets) == []


def test_no_arrow_from_a_lower_layer_up():
    upward = []
    for module, targets in sorted(arrows().items()):
        source = app_of(module)
        if source in ABOVE_ALL or source == "ocop":
            continue
        for target in sorted(targets - {"config"}):
            app = app_of(target)
            if app != source and app not in ABOVE_ALL and RANK.get(app, -1) > RANK[source]:
                upward.append(f"{module} ({LAYER_OF[source]}) → {target} ({LAYER_OF.get(app, '?')})")
    assert upward == []


def test_no_cycle_between_apps():
    graph: dict[str, set[str]] = {}
    for module, targets in arrows().items():
        source = app_of(module)
        graph.setdefault(source, set()).update(app_of(t) for t in targets - {"config"} if app_of(t) != source)
    assert _cycles(graph) == []


def test_no_cycle_between_the_files_of_an_app():
    graph = {
        module: {t for t in targets if t != "config" and app_of(t) == app_of(module)}
        for module, targets in arrows().items()
    }
    assert _cycles(graph) == []


def test_the_checks_see_lazy_imports_and_cycles(tmp_path):
    """The test can fail: a function-level import is an arrow, and a three-file loop is a cycle."""
    source = "def f():\n    from ocop.ops.demo import seed_all\n"
    imports = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)]
    assert [_known(t) for t in _targets("ocop.core.views", False, imports[0])] == ["ocop.ops.demo"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert RANK["core"] < RANK["accounts"] < RANK["registry"] < RANK["catalog"] < RANK["ops"]
