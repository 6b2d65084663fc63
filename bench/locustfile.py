"""The sign-up burst, for locust: `bench/run.py` starts it and reads its statistics (the page
scenarios run under wrk, which is lighter). The activity and the servers come from the plan file it
writes, named by BENCH_PLAN.

Every request comes as through the production reverse proxy: over HTTPS (X-Forwarded-Proto) and
from a client address of its own (X-Forwarded-For), so the sign-up burst is 2,000 different people
and not one address the flood guard would stop.
"""

import itertools
import json
import os
import re
from pathlib import Path

from locust import FastHttpUser, constant, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text())
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) veckan-bench"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")
_servers = itertools.cycle(PLAN["hosts"])
_addresses = itertools.count(1)


def _client_address() -> str:
    number = next(_addresses)
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


class Visitor(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    host = PLAN["hosts"][0]

    def on_start(self) -> None:
        # Users take the servers in turn, so two servers share the load evenly.
        self.client.base_url = next(_servers)
        self.headers = {
            "User-Agent": BROWSER,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": _client_address(),
        }

    def get(self, path: str, name: str):
        return self.client.get(path, headers=self.headers, name=name)


_tickets = iter(range(PLAN["burst"]["attempts"]))
_answered = itertools.count(1)


class SignUpBurst(Visitor):
    """Many people signing up for one activity at once: each attempt is a new person, with the
    form's page first (for its CSRF token) and then the form sent. Ends with the last answer."""

    @task
    def sign_up(self) -> None:
        if next(_tickets, None) is None:
            raise StopUser
        self.headers["X-Forwarded-For"] = _client_address()
        form_page = PLAN["burst"]["form"]
        page = self.get(form_page, "sign-up form")
        token = CSRF_FIELD.search(page.text or "")
        cookie = CSRF_COOKIE.search(page.headers.get("set-cookie", "") or "")
        person = next(_addresses)
        with self.client.post(
            form_page,
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "name": f"Bänk Testsson {person}",
                "email": f"person{person}@bench.example",
                "organisation": "",
                "website": "",
            },
            headers={
                **self.headers,
                # The CSRF cookie is Secure, so the client keeps it from a plain-HTTP request; a
                # browser behind the TLS proxy would send it.
                "Cookie": f"csrftoken={cookie.group(1) if cookie else ''}",
                "Origin": f"https://{self.client.base_url.split('://', 1)[1]}",
            },
            allow_redirects=False,
            catch_response=True,
            name="sign-up",
        ) as response:
            if response.status_code == 302 and "/klart/" in response.headers.get("location", ""):
                response.success()
            else:
                response.failure(f"{response.status_code}: no sign-up receipt")
        if next(_answered) >= PLAN["burst"]["attempts"]:
            self.environment.runner.quit()
