"""The access token: Bearer for the API, a login form and cookie for pages, required off loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask.testing import FlaskClient

from webui import create_app
from webui.auth import COOKIE_NAME

from .browser import ROOT, stop_process
from .conftest import SEED_IDS, TOKEN

# Time the refused starts get to exit.
START_SECONDS = 30.0


@pytest.fixture
def token_client(web_index_dir: Path) -> FlaskClient:
    return create_app({"TESTING": True, "INDEX_DIR": str(web_index_dir), "ACCESS_TOKEN": TOKEN}).test_client()


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer faux"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": f"Bearer {TOKEN}x"}],
                         ids=["none", "wrong", "other-scheme", "longer"])
def test_the_api_needs_the_bearer_token(token_client: FlaskClient, headers: dict[str, str]) -> None:
    for url in ("/api/search?q=paix", f"/api/doc/{SEED_IDS[0]}", "/api/openapi.json"):
        response = token_client.get(url, headers=headers)
        assert response.status_code == 401, url
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert "Jeton d'accès manquant ou incorrect" in response.get_json()["error"]


def test_the_right_bearer_token_opens_the_api(token_client: FlaskClient) -> None:
    response = token_client.get("/api/search?q=paix", headers={"Authorization": f"bearer {TOKEN}"})
    assert response.status_code == 200 and response.get_json()["total"] > 0


def test_health_and_static_files_need_no_token(token_client: FlaskClient) -> None:
    assert token_client.get("/healthz").status_code == 200
    response = token_client.get("/static/style.css")
    response.close()
    assert response.status_code == 200


def test_pages_send_to_the_login_form_and_back(token_client: FlaskClient) -> None:
    response = token_client.get("/?q=paix")
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login" and not location.netloc
    assert parse_qs(location.query) == {"suivant": ["/?q=paix"]}
    form = token_client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'method="post"' in form and 'type="password"' in form and 'value="/?q=paix"' in form

    refused = token_client.post("/login", data={"jeton": "faux", "suivant": "/?q=paix"})
    assert refused.status_code == 401 and "Jeton incorrect." in refused.get_data(as_text=True)
    assert token_client.get("/?q=paix").status_code == 303

    accepted = token_client.post("/login", data={"jeton": TOKEN, "suivant": "/?q=paix"})
    assert accepted.status_code == 303 and accepted.headers["Location"] == "/?q=paix"
    cookie = accepted.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=") and TOKEN not in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    assert token_client.get("/?q=paix").status_code == 200
    assert token_client.get(f"/doc/{SEED_IDS[0]}").status_code == 200


def test_secure_cookies_when_asked(web_index_dir: Path) -> None:
    app = create_app({"TESTING": True, "INDEX_DIR": str(web_index_dir), "ACCESS_TOKEN": TOKEN,
                      "SECURE_COOKIES": True})
    response = app.test_client().post("/login", data={"jeton": TOKEN})
    assert "; Secure" in response.headers["Set-Cookie"]


def test_a_forged_cookie_is_refused(token_client: FlaskClient) -> None:
    token_client.set_cookie(COOKIE_NAME, TOKEN)
    assert token_client.get("/").status_code == 303


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example", "https://evil.example/", "/%0d%0aX: y",
                                    "/\r\nSet-Cookie: x=1"])
def test_login_never_redirects_elsewhere(token_client: FlaskClient, target: str) -> None:
    response = token_client.post("/login", data={"jeton": TOKEN, "suivant": target})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")) and "\n" not in location


def test_no_token_means_no_login(client: FlaskClient) -> None:
    assert client.get("/?q=paix").status_code == 200
    assert client.get("/login?suivant=/?q=paix").headers["Location"] == "/?q=paix"


def _start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "webui", "--port", "0", *args]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--host", "0.0.0.0"), "error: --host 0.0.0.0 can be reached from other machines: give an access token"),
     (("--host", "127.0.0.1", "--token", "court"), "error: the access token is too short"),
     (("--host", "0.0.0.0", "--token", TOKEN, "--no-token"), "error: --token and --no-token contradict")],
    ids=["off-loopback-without-token", "short-token", "both"],
)
def test_unsafe_starts_are_refused(web_index_dir: Path, args: tuple[str, ...], message: str) -> None:
    process = _start("--index", str(web_index_dir), *args)
    try:
        out, err = process.communicate(timeout=START_SECONDS)
    finally:
        stop_process(process)
    assert process.returncode == 1
    assert err.strip().splitlines() == [err.strip()] and err.startswith(message), err
    assert "Serving on" not in out


def test_serving_off_loopback_without_token_warns(web_index_dir: Path) -> None:
    process = _start("--index", str(web_index_dir), "--host", "0.0.0.0", "--no-token")
    try:
        assert process.stdout is not None and process.stderr is not None
        deadline = time.monotonic() + START_SECONDS
        line = process.stdout.readline()
        while "Serving on" not in line and time.monotonic() < deadline and process.poll() is None:
            line = process.stdout.readline()
        assert "Serving on http://0.0.0.0:" in line
    finally:
        stop_process(process)
        _, err = process.communicate()
    assert "WARNING: serving 0.0.0.0 with no access token" in err
    assert "--allowed-host" in err


def test_the_real_server_wants_the_token(secured_server: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(secured_server + "/api/search?q=paix", timeout=10)
    assert refused.value.code == 401
    refused.value.close()
    request = urllib.request.Request(secured_server + "/api/search?q=paix",
                                     headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.load(response)["total"] > 0
    # A browser's way in: the form, then the cookie.
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(secured_server + "/?q=paix", timeout=10) as response:
        assert "/login" in response.url and 'type="password"' in response.read().decode("utf-8")
    data = urlencode({"jeton": TOKEN, "suivant": "/?q=paix"}).encode("ascii")
    with opener.open(secured_server + "/login", data=data, timeout=10) as response:
        assert response.url.endswith("/?q=paix") and "<mark>" in response.read().decode("utf-8")


def test_the_token_can_come_from_the_environment(web_index_dir: Path) -> None:
    env = {**os.environ, "FR_SEARCH_TOKEN": "court"}
    process = _start("--index", str(web_index_dir), env=env)
    try:
        _, err = process.communicate(timeout=START_SECONDS)
    finally:
        stop_process(process)
    assert process.returncode == 1 and "the access token is too short" in err
