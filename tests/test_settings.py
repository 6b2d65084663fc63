"""The settings run with no environment at all, and production settings pass Django's deploy checks."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_settings_run_with_no_environment_at_all():
    # Only what a Python process needs to start; not one of our variables.
    env = {"PATH": os.environ["PATH"]}
    script = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'veckan.settings';"
        "import django; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.MAILERS['delivery']['BACKEND'],"
        " s.CACHES['default']['BACKEND'], s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    result = run(["-c", script], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.cache.backends.db.DatabaseCache",
        "sv",
        "Europe/Stockholm",
    ]
    check = run(["manage.py", "check"], env)
    assert check.returncode == 0, check.stderr
    assert "System check identified no issues" in check.stdout


def test_settings_production_pass_deploy_checks(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "a-long-random-production-secret-" + "x7Qp2Lm9Zr4Tk8Vb3Nd6Hs1Jf5Gw0Yc",
        "ALLOWED_HOSTS": "innovationsveckan.se",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "EMAIL_HOST": "smtp.example.se",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    script = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'veckan.settings';"
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DEBUG, s.MAILERS['delivery']['BACKEND'], s.MAILERS['delivery']['OPTIONS']['host'],"
        " s.CACHES['default']['BACKEND'], s.SESSION_COOKIE_SECURE)"
    )
    result = run(["-c", script], env)
    assert result.stdout.split() == [
        "False",
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.se",
        "veckan.lib.cache.ResilientRedisCache",
        "True",
    ]


def test_postgresql_keeps_the_urls_options_beside_prepared_statements():
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": "postgres://veckan@db.internal:5432/veckan?sslmode=require",
    }
    script = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'veckan.settings';"
        "from django.conf import settings as s;"
        "print(sorted(s.DATABASES['default']['OPTIONS'].items()))"
    )
    result = run(["-c", script], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "[('prepare_threshold', 5), ('server_side_binding', True), ('sslmode', 'require')]"
    )
    env["DATABASE_PREPARED_STATEMENTS"] = "false"
    result = run(["-c", script], env)
    assert result.stdout.strip() == "[('sslmode', 'require')]"


def _variables_read(path: Path) -> set[str]:
    """Every environment variable a module reads: os.environ.get("X"), os.environ["X"], "X" in
    os.environ, os.getenv("X"), and the settings' own env_bool("X") and env_list("X")."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = ast.unparse(node.func)
            if name in {"os.environ.get", "os.getenv", "env_bool", "env_list"}:
                found.add(node.args[0].value)
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            if ast.unparse(node.value) == "os.environ":
                found.add(node.slice.value)
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant):
            environ = any(ast.unparse(c) == "os.environ" for c in node.comparators)
            found |= {node.left.value} if environ else set()
    return found


def test_every_variable_the_code_reads_is_documented_in_env_example():
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    read = set()
    for path in (ROOT / "veckan").rglob("*.py"):
        read |= _variables_read(path)
    read.discard("DJANGO_SETTINGS_MODULE")  # Django's own, set by manage.py and wsgi.py
    assert read, "the scan found no variables at all: it is looking in the wrong place"
    assert read - documented == set(), "read by the code but missing from .env.example"
