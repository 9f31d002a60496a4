"""The front-desk page in a real browser: Debian's Chromium driven by Playwright, against a
`handout serve` started here on a free loopback port. Fill the form, see the preview follow the
region, download a PDF with the patient's name in it, work it with the keyboard alone, read the
labels a screen reader reads. With HANDOUT_SCREENSHOTS=docs it saves the README's screenshots."""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from handout.library import ContentLibrary
from handout.quality.pdf_facts import read_document, squash
from handout.web.catalogue import ui_labels

from .conftest import ARTICLE, FIXTURES

CHROMIUM = Path("/usr/bin/chromium")
FIXTURE_CONTENT = FIXTURES / "content"
PATIENT = "Imogen Castellanos-Reyes"
NOTE = "Walk twenty minutes a day"
EN = ui_labels("en")

# CI installs both (.ci/run, the test extra): there a missing browser or driver fails, never skips.
if not CHROMIUM.is_file():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium", pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)", allow_module_level=True)
if os.environ.get("CI"):
    import playwright.sync_api as playwright_sync
else:
    playwright_sync = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`handout serve` on the bundled articles and the test fixture's (two topics to search)."""

    def __init__(self, log: Path, library: ContentLibrary) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        clinic = log.parent / "clinic.yaml"
        clinic.write_text("name: Riverside Midwives\nphone: 555-0100\n", encoding="utf-8")
        content = log.parent / "content"
        content.mkdir()
        for folder in (*(library.root / a for a in library.article_ids), *FIXTURE_CONTENT.iterdir()):
            (content / folder.name).symlink_to(folder)
        env = {k: v for k, v in os.environ.items() if not k.startswith("HANDOUT_SMTP_")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "handout", "serve", "--port", str(self.port), "--workers", "1",
             "--clinic", str(clinic), "--content", str(content)],
            stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"handout serve stopped: {log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("handout serve did not answer within 90 s")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, library: ContentLibrary) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("serve") / "server.log", library)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True, locale="en-GB")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    # Every script error and refused resource counts; a 422 is the preview's answer to a bad value.
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" and "of 422" not in m.text else None)
    opened.goto(f"{server.url}?article={ARTICLE}")
    wait_for_preview(opened)
    yield opened
    context.close()
    assert not errors, errors  # no script error, no resource the policy refused


def wait_for_preview(page: Any, before: str | None = None) -> str:
    """The first preview page's image once it is there (and differs from `before`)."""
    page.wait_for_function(
        "(before) => { const img = document.querySelector('#pages img.page');"
        " return img && img.complete && img.src !== before && !document.querySelector('#pages[aria-busy]'); }",
        arg=before, timeout=30_000)
    return str(page.locator("#pages img.page").first.get_attribute("src"))


def radio(page: Any, name: str) -> Any:
    return page.get_by_role("radio", name=re.compile(rf"^{re.escape(name)}"))


def test_fill_the_form_and_download_a_pdf_with_the_patients_name(page: Any, library: ContentLibrary) -> None:
    spanish = "Español" if "es" in library.languages(ARTICLE) else None
    before = wait_for_preview(page)
    page.get_by_label(EN("patient")).fill(PATIENT)
    page.get_by_label(EN("note")).fill(NOTE)
    if spanish:
        radio(page, spanish).check()
    radio(page, EN("format.checklist")).check()
    wait_for_preview(page, before)
    with page.expect_download() as download:
        page.get_by_role("button", name=EN("download"), exact=True).click()
    pdf = Path(download.value.path()).read_bytes()
    facts = read_document(pdf)
    assert facts.page_count == 1 and squash(PATIENT) in squash(facts.text)
    assert PATIENT.split()[0] not in download.value.suggested_filename
    if spanish:
        assert facts.lang == "es"


def test_the_preview_follows_the_region_tapped_on_the_figure_or_chosen(page: Any, library: ContentLibrary) -> None:
    regions = library.load(ARTICLE).regions
    current = wait_for_preview(page)
    seen = {current}
    for region in regions:
        page.locator(f'.hotspot[data-region="{region.id}"]').click()
        assert page.locator(f"#f-region-{region.id}").is_checked()
        assert page.locator(f'.figure img[data-region="{region.id}"]').is_visible()
        current = wait_for_preview(page, current)
        seen.add(current)
    radio(page, EN("region_both")).check()
    assert page.locator('.figure img[data-region="both"]').is_visible()
    seen.add(wait_for_preview(page, current))
    assert len(seen) == len(regions) + 1  # every region drew a different first page


def test_a_bad_value_is_shown_next_to_its_field_and_blocks_printing(page: Any) -> None:
    page.get_by_label(EN("patient")).fill("Ana \U0001F600")
    message = page.locator("#e-patient")
    message.wait_for(state="visible", timeout=30_000)
    assert "U+1F600" in message.inner_text()
    assert page.get_by_label(EN("patient")).get_attribute("aria-invalid") == "true"
    page.get_by_role("button", name=EN("print"), exact=True).click()
    page.wait_for_timeout(300)
    assert len(page.context.pages) == 1  # nothing opened
    page.get_by_label(EN("patient")).fill("Ana Lima")
    message.wait_for(state="hidden", timeout=30_000)


def test_print_opens_the_pdf_in_the_browser_ready_to_print(page: Any) -> None:
    with page.context.expect_event("response", lambda r: r.url.endswith("/document")) as answer:
        page.get_by_role("button", name=EN("print"), exact=True).click()
    response = answer.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline;")
    radio(page, EN("format.trifold")).check()
    assert page.locator('[data-format-hint="trifold"]').is_visible()  # how to duplex and fold


def test_keyboard_alone_reaches_every_control_in_reading_order(page: Any) -> None:
    page.locator("body").focus()
    order: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        here = page.evaluate("() => { const e = document.activeElement; return e.id || e.getAttribute('name')"
                             " || e.tagName.toLowerCase() + ':' + e.textContent.trim(); }")
        if order and here == order[-1]:
            continue  # the date field's day, month and year
        if here in order:
            break
        order.append(here)
    expected = ["f-article", "f-lang-en", "f-region-both", "f-format-handout", "f-paper-auto", "f-country",
                "f-large_print", "f-grayscale", "f-patient", "f-date", "f-note", "do-print", "do-download",
                "do-checklist"]
    positions = [order.index(name) for name in expected]
    assert positions == sorted(positions), order
    assert order[0].startswith("a:") and EN("skip_to_preview") in order[0]
    # Choices move with the arrow keys, and the preview follows.
    before = wait_for_preview(page)
    page.locator("#f-region-both").focus()
    page.keyboard.press("ArrowUp")
    assert not page.locator("#f-region-both").is_checked()
    wait_for_preview(page, before)
    page.locator("#f-patient").focus()
    page.keyboard.type(PATIENT)
    with page.expect_download() as download:
        page.locator("#do-download").focus()
        page.keyboard.press("Enter")
    assert squash(PATIENT) in squash(read_document(Path(download.value.path()).read_bytes()).text)


def test_every_control_has_a_label_a_screen_reader_reads(page: Any) -> None:
    unnamed = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea, button')]
        .filter((e) => e.type !== 'hidden')
        .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
        .map((e) => e.outerHTML)""")
    assert unnamed == []
    dangling = page.evaluate("""() => [...document.querySelectorAll('[aria-describedby]')]
        .flatMap((e) => e.getAttribute('aria-describedby').split(' '))
        .filter((id) => !document.getElementById(id))""")
    assert dangling == []
    for key in ("topic", "patient", "note", "date", "country", "large_print", "grayscale", "email_to", "password"):
        assert page.get_by_label(EN(key), exact=True).count() == 1, key
    for key in ("language", "region", "format", "paper"):
        assert page.get_by_role("group", name=EN(key)).count() == 1, key
    assert page.get_by_role("status").count() >= 1  # the preview's line is announced
    arabic = page.locator('.own[lang="ar"]')
    if arabic.count():
        assert arabic.get_attribute("dir") == "rtl"


def test_topics_are_found_by_their_title_and_bring_their_own_choices(page: Any, library: ContentLibrary) -> None:
    fixture = ContentLibrary(FIXTURE_CONTENT)
    other = fixture.article_ids[0]
    title = fixture.load(other).title
    bundled = " ".join(library.load(a).title.lower() for a in library.article_ids)
    words = [w for w in title.split() if w.isalpha() and w.lower() not in bundled]
    before = wait_for_preview(page)
    page.get_by_label(EN("topic_search")).fill(" ".join(words[:2]).upper())
    page.wait_for_function("(id) => document.getElementById('f-article').value === id", arg=other)
    page.wait_for_function("(n) => document.querySelectorAll('input[name=lang]').length === n",
                           arg=len(fixture.languages(other)))
    wait_for_preview(page, before)
    assert page.locator("#f-article option:not([hidden])").all_inner_texts() == [title]
    page.get_by_label(EN("topic_search")).fill("")
    shown = page.locator("#f-article option:not([hidden])").count()
    assert shown == len(library.article_ids) + len(fixture.article_ids)


def test_the_page_switches_to_spanish(page: Any) -> None:
    page.get_by_role("link", name="Español").click()
    page.wait_for_load_state()
    es = ui_labels("es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("button", name=es("print"), exact=True).is_visible()
    wait_for_preview(page)


def _save(page: Any, name: str) -> None:
    """A small PNG of what the browser shows (256 colours), into HANDOUT_SCREENSHOTS."""
    from PIL import Image

    folder = os.environ.get("HANDOUT_SCREENSHOTS")
    if not folder:
        return
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    Path(folder).mkdir(parents=True, exist_ok=True)
    image.save(Path(folder) / name, optimize=True)


@pytest.mark.parametrize(("name", "width", "height"), [("web-desk.png", 1366, 900), ("web-tablet.png", 820, 1180)])
def test_screenshots(browser: Any, server: Server, name: str, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    shown = context.new_page()
    shown.goto(f"{server.url}?article={ARTICLE}")
    before = wait_for_preview(shown)
    shown.get_by_label(EN("patient")).fill("Ana Lima")
    shown.locator('.hotspot[data-region="lower"]').click()
    wait_for_preview(shown, before)
    shown.mouse.move(0, 0)
    shown.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
    _save(shown, name)
    context.close()


def test_the_server_log_has_no_patient_data_and_no_bodies(server: Server) -> None:
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert '"POST /preview HTTP/1.1" 200' in log and '"POST /document HTTP/1.1" 200' in log
    for text in (PATIENT, PATIENT.split()[0], NOTE, "Ana Lima", "Imogen"):
        assert text not in log
