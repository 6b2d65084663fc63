"""The import contract: dependencies between Veckan's apps go one way.

- No cycle between apps: if activities imports organisations, organisations never imports
  activities, directly or through others. Integrations that react to a change (webhooks, notices to
  participants, search text) listen to domain signals instead of being called.
- The page apps, which own no models (program, stats, api), are read by no data app: they sit on top.
- `lib` imports no app, and `demo` (the demo week's data) is imported by none.

Read from the source with ast, so it needs nothing installed and runs in `make test`.
"""

import ast
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "veckan"
PAGE_APPS = {"program", "stats", "api"}
# The project's own wiring, which must import everything.
WIRING = {"urls", "settings", "wsgi"}


def _imports() -> dict[str, dict[str, set[str]]]:
    """{app: {imported app: {files that import it}}}, migrations left out."""
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts:
            continue
        app = parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith("veckan.") and (other := name.split(".")[1]) != app:
                    graph[app][other].add(str(path.relative_to(PACKAGE.parent)))
    return graph


def _cycle(graph) -> list[str] | None:
    """One cycle between apps, as a path, or None."""
    state: dict[str, str] = {}

    def visit(app: str, path: list[str]) -> list[str] | None:
        state[app] = "open"
        for other in graph.get(app, {}):
            if state.get(other) == "open":
                return [*path[path.index(other) :], other]
            if other not in state and (found := visit(other, [*path, other])):
                return found
        state[app] = "done"
        return None

    for app in sorted(graph):
        if app not in state and (found := visit(app, [app])):
            return found
    return None


def test_the_scan_sees_the_apps():
    graph = _imports()
    assert {"activities", "signups", "webhooks", "program"} <= set(graph)
    assert "organisations" in graph["activities"]  # a dependency it is known to have


def test_no_import_cycle_between_apps():
    graph = {app: deps for app, deps in _imports().items() if app not in WIRING}
    cycle = _cycle(graph)
    if cycle:
        files = {f"{a} -> {b}": sorted(graph[a][b]) for a, b in pairwise(cycle)}
        raise AssertionError(
            f"import cycle {' -> '.join(cycle)}; break it with a domain signal or by moving the "
            f"shared code down (lib/, or the app that owns the noun): {files}"
        )


def test_data_apps_never_import_the_page_apps():
    graph = _imports()
    wrong = {
        f"{app} -> {page}": sorted(files)
        for app, deps in graph.items()
        if app not in PAGE_APPS | WIRING
        for page, files in deps.items()
        if page in PAGE_APPS
    }
    assert wrong == {}


def test_lib_imports_no_app_and_no_app_imports_demo():
    graph = _imports()
    assert dict(graph.get("lib", {})) == {}
    importers = {app: sorted(deps["demo"]) for app, deps in graph.items() if "demo" in deps}
    assert importers == {}


def test_page_apps_own_no_models():
    assert [app for app in PAGE_APPS if (PACKAGE / app / "models.py").exists()] == []


def test_the_cycle_finder_finds_a_cycle():
    # The contract is only as good as its finder: a known cycle must be reported.
    graph = {"a": {"b": set()}, "b": {"c": set()}, "c": {"a": set()}, "d": {"a": set()}}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b": set()}, "b": {}}) is None


# STYLE.md: a view reads the request, calls a service and renders; if it does more, the rest
# belongs in a form, a service or a helper. Forty lines is a screen.
VIEW_LINES = 40


def _modules(kind: str):
    """Modules of one kind (views or services), as (path, tree): views.py, *_views.py, views/."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts:
            continue
        if path.stem == kind or path.stem.endswith(f"_{kind}") or kind in parts[:-1]:
            yield path, ast.parse(path.read_text())


def _long_views() -> dict[str, int]:
    return {
        f"{path.relative_to(PACKAGE.parent)}:{node.name}": node.end_lineno - node.lineno + 1
        for path, tree in _modules("views")
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef)
        and node.end_lineno - node.lineno + 1 > VIEW_LINES
    }


def test_every_view_fits_on_a_screen():
    assert _long_views() == {}


def test_services_take_domain_arguments_not_requests():
    # A service is called by views, commands, the API and tests alike: it takes the activity, the
    # user, the form's cleaned values; reading a session or a request is the view's job.
    taking_requests = [
        f"{path.relative_to(PACKAGE.parent)}:{node.name}"
        for path, tree in _modules("services")
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        if arg.arg == "request" or "HttpRequest" in ast.unparse(arg.annotation or ast.Constant(""))
    ]
    assert taking_requests == []


def test_the_view_scan_sees_the_views():
    assert any("activities/views.py" in str(path) for path, _ in _modules("views"))
    assert any("signups/services.py" in str(path) for path, _ in _modules("services"))
