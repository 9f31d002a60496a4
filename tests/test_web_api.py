"""`handout serve` through Starlette's test client: the API (every field, every error), the page's
posts (CSRF, previews, email to a loopback SMTP server), the guard (host, password, size, headers),
and that no patient name reaches a log. The server's worker pool is real (one process)."""

from __future__ import annotations

import base64
import io
import json
import logging
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from PIL import Image
from pypdf import PdfReader
from starlette.testclient import TestClient
from typer.testing import CliRunner

from handout.build import build_pdf
from handout.cli import app as cli_app
from handout.formats import FORMAT_NAMES, get_format
from handout.i18n import LANGUAGES
from handout.library import ContentLibrary
from handout.model import ALL_REGIONS, TranslationStatus
from handout.options import Clinic, Paper
from handout.quality.content_gates import catalogue_gate
from handout.quality.pdf_facts import read_document, squash
from handout.request import FIELDS, parse_request
from handout.web import catalogue
from handout.web.app import create_app
from handout.web.catalogue import WEB_LOCALES
from handout.web.settings import Access, ServeSettings

from .conftest import ARTICLE

PATIENT = "Zelda Quintessa-Marlowe"
NOTE = "Walk twenty minutes every morning"
EPOCH = "1700000000"
LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def epoch() -> Iterator[None]:
    """Reproducible PDFs in this process and in the workers the server forks."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield


@pytest.fixture(scope="module")
def client(epoch: None, library: ContentLibrary) -> Iterator[TestClient]:
    settings = ServeSettings(content_root=library.root, workers=1)
    with TestClient(create_app(settings), base_url=LOCAL) as test_client:
        yield test_client


def post_json(client: TestClient, body: object) -> Any:
    return client.post("/api/v1/documents", content=json.dumps(body), headers={"content-type": "application/json"})


def direct(library: ContentLibrary, fields: dict[str, Any]) -> bytes:
    """What `build_pdf` gives for the same request, parsed by the same request model."""
    request = parse_request({k: v for k, v in fields.items() if k != "password"}, library)
    return build_pdf(library, request.article, request.opts).pdf


def problems(response: Any) -> dict[str, dict[str, Any]]:
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text
    return {p["field"]: p for p in response.json()["problems"]}


# --- the catalogue -----------------------------------------------------------------------------


def test_articles_lists_every_article_language_region_format_and_paper(client: TestClient,
                                                                      library: ContentLibrary) -> None:
    data = client.get("/api/v1/articles").json()
    assert [a["id"] for a in data["articles"]] == list(library.article_ids)
    for article in data["articles"]:
        assert [lang["code"] for lang in article["languages"]] == list(library.languages(article["id"]))
        for lang in article["languages"]:
            assert lang["own_name"] == LANGUAGES[lang["code"]].own_name
            assert lang["status"] == library.load(article["id"], lang["code"]).translation.status.value
        regions = [r["id"] for r in article["regions"]]
        assert regions == [*library.load(article["id"]).region_ids, ALL_REGIONS]
    assert [f["name"] for f in data["formats"]] == list(FORMAT_NAMES)
    for fmt in data["formats"]:
        assert fmt["papers"] == [p.value for p in get_format(fmt["name"]).PAPERS]
    assert [p["id"] for p in data["papers"]] == [p.value for p in Paper]
    arabic = next((lang for a in data["articles"] for lang in a["languages"] if lang["code"] == "ar"), None)
    if arabic:
        assert arabic["direction"] == "rtl" and arabic["own_name"] == "العربية"


def test_openapi_names_every_field_and_the_registries_choices(client: TestClient, library: ContentLibrary) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    props = spec["components"]["schemas"]["DocumentRequest"]["properties"]
    assert set(FIELDS) <= set(props)
    assert props["format"]["enum"] == list(FORMAT_NAMES)
    assert props["paper"]["enum"] == [p.value for p in Paper]
    assert props["article"]["enum"] == list(library.article_ids)
    assert "/api/v1/documents" in spec["paths"]


def test_healthz(client: TestClient) -> None:
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json()["status"] == "ok" and answer.json()["workers"] == 1


# --- documents: every field ----------------------------------------------------------------------


def _zh_or_es(library: ContentLibrary) -> str:
    return "es" if "es" in library.languages(ARTICLE) else library.languages(ARTICLE)[-1]


CASES: list[dict[str, Any]] = [
    {},
    {"lang": "ES"},
    {"lang": "es+en"},
    {"lang": "es-US"},
    {"country": "US"},
    {"region": "lower"},
    {"region": "Upper"},
    {"format": "checklist"},
    {"format": "trifold", "region": "lower"},
    {"paper": "letter"},
    {"format": "checklist", "paper": "a5", "cut_marks": True},
    {"large_print": True},
    {"grayscale": "yes"},
    {"patient": PATIENT},
    {"note": NOTE},
    {"date": "2026-03-02"},
    {"format": "checklist", "patient": PATIENT, "date": "2026-03-02", "lang": "es", "large_print": "true"},
]


@pytest.mark.parametrize("fields", CASES, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()) or "defaults")
def test_each_field_gives_the_pdf_build_pdf_gives(client: TestClient, library: ContentLibrary,
                                                  fields: dict[str, Any]) -> None:
    body = {"article": ARTICLE, **fields}
    answer = post_json(client, body)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content == direct(library, body)
    facts = read_document(answer.content)
    assert answer.headers["x-handout-pages"] == str(facts.page_count)
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "Zelda" not in disposition


def test_fields_are_honoured_as_read_back(client: TestClient) -> None:
    letter = read_document(post_json(client, {"article": ARTICLE, "country": "US"}).content)
    assert letter.sizes[0] == pytest.approx(Paper.LETTER.size, abs=0.5)
    spanish = read_document(post_json(client, {"article": ARTICLE, "lang": "es"}).content)
    assert spanish.lang == "es"
    checklist = read_document(post_json(client, {"article": ARTICLE, "format": "checklist"}).content)
    assert checklist.page_count == 1
    named = read_document(post_json(client, {"article": ARTICLE, "patient": PATIENT, "note": NOTE}).content)
    assert squash(PATIENT) in squash(named.text) and squash(NOTE) in squash(named.text)
    assert PATIENT not in json.dumps(named.info)


def test_the_pdf_is_the_one_handout_build_writes(client: TestClient, tmp_path: Path, epoch: None) -> None:
    fields = {"article": ARTICLE, "lang": "es", "region": "lower", "format": "handout", "paper": "letter",
              "patient": PATIENT, "note": NOTE, "date": "2026-03-02", "grayscale": True}
    answer = post_json(client, fields)
    result = CliRunner().invoke(cli_app, [
        "build", ARTICLE, "--lang", "es", "--region", "lower", "--paper", "letter", "--patient", PATIENT,
        "--note", NOTE, "--date", "2026-03-02", "--grayscale", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = Path(result.stdout.strip())
    assert answer.content == written.read_bytes()
    assert written.name in answer.headers["content-disposition"]


def test_encrypt_needs_a_password_and_the_pdf_opens_with_it(client: TestClient) -> None:
    answer = post_json(client, {"article": ARTICLE, "patient": PATIENT, "encrypt": True, "password": "river-1234-side"})
    assert answer.status_code == 200
    assert PdfReader(io.BytesIO(answer.content)).is_encrypted
    assert squash(PATIENT) in squash(read_document(answer.content, password="river-1234-side").text)
    assert problems(post_json(client, {"article": ARTICLE, "encrypt": True}))["password"]
    assert problems(post_json(client, {"article": ARTICLE, "encrypt": True, "password": "short"}))["password"]
    assert problems(post_json(client, {"article": ARTICLE, "password": "river-1234-side"}))["password"]


# --- documents: every error ----------------------------------------------------------------------


def test_unknown_values_name_the_field_and_the_valid_choices(client: TestClient, library: ContentLibrary) -> None:
    answer = post_json(client, {"article": "no-such-article"})
    assert answer.status_code == 422 and answer.json()["error"] == "invalid-request"
    assert problems(answer)["article"]["choices"] == list(library.article_ids)
    found = problems(post_json(client, {"article": ARTICLE, "lang": "xx", "region": "knee", "format": "poster",
                                        "paper": "a3", "country": "ZZ", "large_print": "maybe",
                                        "date": "2026-13-40"}))
    assert set(found) == {"lang", "region", "format", "paper", "country", "large_print", "date"}
    assert found["lang"]["choices"] == list(library.languages(ARTICLE))
    assert found["region"]["choices"] == [*library.load(ARTICLE).region_ids, ALL_REGIONS]
    assert found["format"]["choices"] == list(FORMAT_NAMES)
    assert found["paper"]["choices"] == [p.value for p in Paper]
    assert "ISO 3166" in found["country"]["message"]
    assert "YYYY-MM-DD" in found["date"]["message"]


def test_combinations_the_format_does_not_offer(client: TestClient) -> None:
    paper = problems(post_json(client, {"article": ARTICLE, "format": "trifold", "paper": "a5"}))["paper"]
    assert paper["choices"] == [p.value for p in get_format("trifold").PAPERS]
    assert "cut_marks" in problems(post_json(client, {"article": ARTICLE, "cut_marks": True}))
    refused = post_json(client, {"article": ARTICLE, "format": "trifold", "large_print": True})
    assert refused.status_code == 422 and refused.json()["error"] == "cannot-build"
    assert "large-print" in refused.json()["message"]
    emoji = problems(post_json(client, {"article": ARTICLE, "patient": "Ana \U0001F600"}))
    assert "U+1F600" in emoji["patient"]["message"] and "--patient" not in emoji["patient"]["message"]


@pytest.mark.parametrize(("body", "field_name"), [
    ({"article": ARTICLE, "large_print": 5}, "large_print"),
    ({"article": ARTICLE, "patient": ["Ana"]}, "patient"),
    ({"article": ARTICLE, "colour": "blue"}, "colour"),
    ({}, "article"),
])
def test_wrong_shapes_and_unknown_fields(client: TestClient, body: dict[str, Any], field_name: str) -> None:
    answer = post_json(client, body)
    assert answer.status_code == 422
    assert field_name in problems(answer)


def test_bodies_that_are_not_a_json_object(client: TestClient) -> None:
    for content in (b"{not json", b"[1, 2]", b"\"text\"", b"\xff\xfe"):
        answer = client.post("/api/v1/documents", content=content, headers={"content-type": "application/json"})
        assert answer.status_code == 400 and answer.json()["error"] == "bad-body"
    form = client.post("/api/v1/documents", content=b"article=x",
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415
    too_big = post_json(client, {"article": ARTICLE, "note": "x" * 70_000})
    assert too_big.status_code == 413 and too_big.json()["error"] == "too-large"
    assert client.get("/api/v1/documents").status_code == 405


def test_a_chunked_body_over_the_limit_is_refused(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"article": "' + ARTICLE.encode() + b'", "note": "'
        for _ in range(80):
            yield b"x" * 1024
        yield b'"}'

    answer = client.post("/api/v1/documents", content=chunks(), headers={"content-type": "application/json"})
    assert answer.status_code == 413


# --- the guard ---------------------------------------------------------------------------------


def test_every_answer_carries_a_strict_policy_and_no_store(client: TestClient) -> None:
    for answer in (client.get("/"), client.get("/healthz"), post_json(client, {"article": ARTICLE})):
        policy_header = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy_header and "unsafe" not in policy_header
        assert "frame-ancestors 'none'" in policy_header
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["cache-control"] == "no-store"


def test_the_page_has_no_inline_script_style_or_third_party_asset(client: TestClient) -> None:
    html = client.get("/").text
    assert all('src="/' in tag for tag in re.findall(r"<script[^>]*>", html))
    assert not re.search(r"\son[a-z]+=", html)
    assert " style=" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    css = client.get("/static/desk.css").text
    assert "http" not in css.replace("https://", "").replace("http://", "") or "url(\"/" in css
    assert all(url.startswith(("\"/", "/")) for url in re.findall(r"url\(([^)]*)\)", css))
    for font in re.findall(r"url\(\"(/fonts/[^\"]+)\"\)", css):
        assert client.get(font).status_code == 200


def test_a_loopback_server_answers_only_to_loopback_names(client: TestClient) -> None:
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 421
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_a_password_protects_everything_but_healthz(library: ContentLibrary) -> None:
    access = Access(("staff-password-1", "api-token-12345"))
    settings = ServeSettings(content_root=library.root, workers=1, access=access)
    with TestClient(create_app(settings), base_url="http://clinic.example") as guarded:
        assert guarded.get("/healthz").status_code == 200
        refused = guarded.get("/")
        assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Basic")
        assert guarded.get("/", auth=("anyone", "wrong-password")).status_code == 401
        assert guarded.get("/", auth=("desk", "staff-password-1")).status_code == 200
        bearer = {"authorization": "Bearer api-token-12345", "content-type": "application/json"}
        answer = guarded.post("/api/v1/documents", content=json.dumps({"article": ARTICLE}), headers=bearer)
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF-")
        assert guarded.get("/api/v1/articles", headers={"authorization": "Bearer nope"}).status_code == 401


# --- the page's posts ----------------------------------------------------------------------------


def page_token(client: TestClient, path: str = "/") -> str:
    html = client.get(path).text
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


def form(client: TestClient, path: str, fields: dict[str, str], token: str | None = None) -> Any:
    from urllib.parse import urlencode

    body = {"csrf": token if token is not None else page_token(client), **fields}
    return client.post(path, content=urlencode(body), headers={"content-type": "application/x-www-form-urlencoded"})


def test_the_page_lists_languages_by_their_own_names_in_either_page_language(client: TestClient,
                                                                             library: ContentLibrary) -> None:
    english = client.get("/").text
    for lang in library.languages(ARTICLE):
        assert LANGUAGES[lang].own_name in english
    spanish = client.get("/?ui=es").text
    assert '<html lang="es">' in spanish
    assert catalogue.ui_labels("es")("print") in spanish
    assert client.get("/", headers={"accept-language": "es-MX,es;q=0.9"}).text.startswith("<!doctype html>")
    assert '<html lang="es">' in client.get("/", headers={"accept-language": "es-MX,es;q=0.9"}).text


def test_the_page_posts_need_the_pages_token(client: TestClient) -> None:
    fields = {"article": ARTICLE, "patient": PATIENT, "action": "download"}
    assert form(client, "/document", fields, token="").status_code == 403
    client.cookies.clear()
    assert form(client, "/document", fields, token="forged-token-that-was-never-given-out-12345").status_code == 403
    token = page_token(client)
    cross = client.post("/document", content=f"csrf={token}&article={ARTICLE}",
                        headers={"content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site"})
    assert cross.status_code == 403
    assert form(client, "/preview", {"article": ARTICLE}, token="").status_code == 403


def test_download_print_and_checklist_too(client: TestClient, library: ContentLibrary) -> None:
    fields = {"article": ARTICLE, "lang": "es", "region": "lower", "patient": PATIENT, "date": "2026-03-02"}
    download = form(client, "/document", {**fields, "action": "download"})
    assert download.status_code == 200 and download.headers["content-disposition"].startswith("attachment;")
    assert download.content == direct(library, fields)
    printed = form(client, "/document", {**fields, "action": "print"})
    assert printed.headers["content-disposition"].startswith("inline;") and printed.content == download.content
    both = form(client, "/document", {**fields, "action": "checklist"})
    document = read_document(download.content)
    checklist = read_document(direct(library, {**fields, "format": "checklist"}))
    joined = read_document(both.content)
    assert joined.page_count == document.page_count + document.page_count % 2 + checklist.page_count
    assert squash(checklist.text) in squash(joined.text)
    bilingual = form(client, "/document", {**fields, "bilingual": "on", "action": "download"})
    assert bilingual.content == direct(library, {**fields, "lang": "es+en"})


def test_a_bad_value_comes_back_next_to_its_field(client: TestClient) -> None:
    answer = form(client, "/document", {"article": ARTICLE, "date": "tomorrow", "patient": PATIENT, "action": "print"})
    assert answer.status_code == 422
    slot = re.search(r'<p class="error" id="e-date"[^>]*>([^<]*)</p>', answer.text)
    assert slot and "YYYY-MM-DD" in slot.group(1)
    assert 'id="f-date" name="date" value="tomorrow"' in answer.text
    assert f'value="{PATIENT}"' in answer.text  # kept, so nothing is typed twice


def test_preview_pages_are_png_and_follow_the_region(client: TestClient, library: ContentLibrary) -> None:
    token = page_token(client)
    pages = {}
    for region in library.load(ARTICLE).region_ids:
        answer = form(client, "/preview", {"article": ARTICLE, "region": region}, token)
        data = answer.json()
        assert answer.status_code == 200 and data["ok"]
        images = [Image.open(io.BytesIO(base64.b64decode(p["src"].split(",", 1)[1]))) for p in data["pages"]]
        assert all(image.format == "PNG" and image.width > 500 for image in images)
        pages[region] = [p["src"] for p in data["pages"]]
    assert len(set(map(tuple, pages.values()))) == len(pages)
    refused = form(client, "/preview", {"article": ARTICLE, "paper": "a3"}, token)
    assert refused.status_code == 422 and refused.json()["problems"][0]["field"] == "paper"


def test_region_figures_are_served_for_every_region(client: TestClient, library: ContentLibrary) -> None:
    for region in [*library.load(ARTICLE).region_ids, ALL_REGIONS]:
        answer = client.get(f"/figure/{ARTICLE}/{region}.svg")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("image/svg+xml")
        assert b"<script" not in answer.content
    assert client.get(f"/figure/{ARTICLE}/knee.svg").status_code == 404


# --- email -------------------------------------------------------------------------------------


@dataclass
class Inbox:
    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        self.messages.append((list(envelope.rcpt_tos), BytesParser(policy=policy.default).parsebytes(envelope.content)))
        return "250 Message accepted"


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    for name, value in (("HOST", "127.0.0.1"), ("PORT", str(port)), ("SECURITY", "none"),
                        ("SENDER", "Riverside Midwives <desk@riverside.example>")):
        monkeypatch.setenv(f"HANDOUT_SMTP_{name}", value)
    yield handler
    controller.stop()


def test_email_with_a_password_made_and_shown_once(inbox: Inbox, library: ContentLibrary, epoch: None) -> None:
    settings = ServeSettings(content_root=library.root, workers=1, clinic=Clinic(name="Riverside Midwives"))
    with TestClient(create_app(settings), base_url=LOCAL) as desk:
        page = desk.get("/").text
        assert 'id="do-email" formaction="/email"' in page and "disabled>" not in page.split('id="do-email"')[1][:120]
        answer = form(desk, "/email", {"article": ARTICLE, "lang": "es", "patient": PATIENT, "to": "ana@example.org",
                                       "protect": "on", "password": ""}, page_token(desk))
        assert answer.status_code == 200, answer.text
        shown = re.search(r'<p class="password" lang="en">([A-Z0-9-]+)</p>', answer.text)
        assert shown
        password = shown.group(1)
        assert len(password.replace("-", "")) == 12
        (to, message), = inbox.messages
        assert to == ["ana@example.org"]
        attachment = next(message.iter_attachments())
        pdf = attachment.get_content()
        assert PdfReader(io.BytesIO(pdf)).is_encrypted
        assert squash(PATIENT) in squash(read_document(pdf, password=password).text)
        assert PATIENT not in str(attachment.get_filename())
        again = form(desk, "/email", {"article": ARTICLE, "to": "not-an-address", "protect": "on",
                                      "password": "short"}, page_token(desk))
        assert again.status_code == 422
        assert re.search(r'id="e-to"[^>]*>[^<]+<', again.text) and re.search(r'id="e-password"[^>]*>[^<]+<', again.text)
        assert len(inbox.messages) == 1


def test_email_is_off_until_the_clinic_sets_it_up(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOST", "SENDER"):
        monkeypatch.delenv(f"HANDOUT_SMTP_{name}", raising=False)
    page = client.get("/").text
    assert catalogue.ui_labels("en")("email_not_set_up") in page
    assert re.search(r'id="do-email"[^>]*disabled', page)


# --- privacy -----------------------------------------------------------------------------------


def test_no_patient_name_in_any_log(client: TestClient, caplog: pytest.LogCaptureFixture,
                                    capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    post_json(client, {"article": ARTICLE, "patient": PATIENT, "note": NOTE})
    post_json(client, {"article": ARTICLE, "patient": PATIENT, "paper": "a3"})
    post_json(client, {"article": ARTICLE, "patient": PATIENT + " \U0001F600", "note": NOTE})
    form(client, "/preview", {"article": ARTICLE, "patient": PATIENT, "note": NOTE})
    form(client, "/document", {"article": ARTICLE, "patient": PATIENT, "date": "bad", "action": "print"})
    out, err = capfd.readouterr()
    for text in (caplog.text, out, err):
        assert PATIENT not in text and "Zelda" not in text and NOTE not in text


# --- the page's own catalogues -------------------------------------------------------------------


def test_the_web_catalogues_have_every_key_in_every_page_language() -> None:
    for lang in catalogue.UI_LANGS:
        results = catalogue_gate(WEB_LOCALES, lang)
        assert all(r.status.value == "pass" for r in results), [r.detail for r in results]
        text = catalogue.ui_labels(lang)
        for name in FORMAT_NAMES:
            assert text(f"format.{name}") and text(f"format_hint.{name}")
        for paper in Paper:
            assert text(f"paper.{paper.value}")
        for status in TranslationStatus:
            assert text(f"status.{status.value}")
        for name in (*FIELDS, "to", "password"):
            assert text(f"field.{name}")


# --- starting a server ---------------------------------------------------------------------------


def test_serving_beyond_loopback_needs_a_secret_from_the_environment_or_a_file(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDOUT_WEB_PASSWORD", raising=False)
    monkeypatch.delenv("HANDOUT_WEB_TOKEN", raising=False)
    refused = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0"])
    assert refused.exit_code == 2
    assert "HANDOUT_WEB_PASSWORD" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    monkeypatch.setenv("HANDOUT_WEB_PASSWORD", "short")
    assert "at least" in CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0"]).stderr
    secret = tmp_path / "password"
    secret.write_text("a-long-staff-password\n", encoding="utf-8")
    half = CliRunner().invoke(cli_app, ["serve", "--password-file", str(secret), "--certfile", str(secret)])
    assert half.exit_code == 2 and "--keyfile" in half.stderr
    assert "--password" not in CliRunner().invoke(cli_app, ["serve", "--help"]).stdout.replace("--password-file", "")


def test_a_port_in_use_is_one_line_and_exit_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(cli_app, ["serve", "--port", port, "--workers", "1"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and "choose another --port" in result.stderr


def test_plain_http_on_the_network_is_warned_about(tmp_path: Path, library: ContentLibrary) -> None:
    from handout.web.server import Listen, prepare

    secret = tmp_path / "password"
    secret.write_text("a-long-staff-password\n", encoding="utf-8")
    common: dict[str, Any] = {"content_root": library.root, "clinic_file": None, "country": "gb", "workers": 1,
                              "token_file": None}
    settings, warnings = prepare(Listen("0.0.0.0"), password_file=secret, **common)
    assert settings.access.required and settings.country == "GB"
    assert len(warnings) == 1 and "--certfile" in warnings[0]
    assert prepare(Listen("127.0.0.1"), password_file=None, **common)[1] == []
    assert "a-long-staff-password" not in repr(settings)


def test_the_uvicorn_factory_always_asks_for_a_secret(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from handout.web.app import from_env

    monkeypatch.delenv("HANDOUT_WEB_PASSWORD", raising=False)
    monkeypatch.delenv("HANDOUT_WEB_TOKEN", raising=False)
    with pytest.raises(SystemExit) as stopped:
        from_env()
    assert stopped.value.code == 2 and "HANDOUT_WEB_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("HANDOUT_WEB_TOKEN", "api-token-12345")
    monkeypatch.setenv("HANDOUT_WEB_COUNTRY", "US")
    assert from_env().state.desk.settings.country == "US"


def test_an_unexpected_error_is_a_500_that_quotes_nothing(client: TestClient, monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    from handout.web import tasks

    def broken(*_: object, **__: object) -> None:
        raise ValueError(f"cannot draw {PATIENT}")

    monkeypatch.setattr(catalogue, "as_json", broken)
    answer = client.get("/api/v1/articles")
    assert answer.status_code == 500 and PATIENT not in answer.text and "Traceback" not in answer.text
    monkeypatch.setattr(tasks, "build_pdf", broken)
    outcome = tasks.document(tasks.Job(Path("."), ARTICLE, parse_request({"article": ARTICLE}, ContentLibrary()).opts))
    assert outcome.error == tasks.UNEXPECTED and outcome.lines == ("ValueError",)
    assert PATIENT not in caplog.text and "ValueError" in caplog.text


def test_a_worker_that_dies_is_replaced(library: ContentLibrary) -> None:
    import os
    import signal

    app = create_app(ServeSettings(content_root=library.root, workers=1))
    with TestClient(app, base_url=LOCAL) as desk:
        pool = app.state.desk.pool
        for pid in list(pool._pool._processes):  # the runner's own processes: no other way to reach them
            os.kill(pid, signal.SIGKILL)
        first = post_json(desk, {"article": ARTICLE})
        assert first.status_code in (200, 500) and "Traceback" not in first.text
        again = post_json(desk, {"article": ARTICLE})
        assert again.status_code == 200 and again.content.startswith(b"%PDF-")
