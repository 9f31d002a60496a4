"""Email delivery against a real SMTP server on loopback (aiosmtpd): headers, language, login,
refusals and the attachment, which must be the very PDF a direct build gives."""

from __future__ import annotations

import datetime as dt
import hashlib
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from typer.testing import CliRunner

from handout.build import build_pdf
from handout.cli import app
from handout.clinic import load_clinic
from handout.delivery.mail import Letter, compose, smtp_settings
from handout.i18n import LOCALES_DIR, labels
from handout.library import ContentLibrary
from handout.options import Clinic, RenderOptions

from .conftest import ARTICLE

runner = CliRunner()
USER, PASSWORD = "desk@riverside.example", "right-password"
SENDER = "Riverside Midwives <desk@riverside.example>"
PATIENT = "Ana Lima"
DATE = "2026-03-02"
CLINIC_YAML = """\
name: Riverside Midwives
phone: 555-0100
address: 12 River Road, Springfield
smtp:
  host: mail.invalid
  port: 2525
  security: starttls
  sender: "Riverside Midwives <desk@riverside.example>"
"""


def plain_body(message: EmailMessage) -> str:
    """The text/plain body of a message (every message we write has one)."""
    body = message.get_body(("plain",))
    assert body is not None, "the message has no text/plain part"
    return str(body.get_content())


@dataclass
class Received:
    rcpt_tos: list[str]
    message: EmailMessage
    authenticated: bool


@dataclass
class Handler:
    """Stores every message; refuses any recipient whose address starts with `refuse`."""

    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address.startswith("refuse"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        self.received.append(
            Received(list(envelope.rcpt_tos), message, bool(session.authenticated))
        )
        return "250 Message accepted"


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    """A port nothing listens on (bound and released at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SmtpServer:
    port: int
    handler: Handler

    @property
    def received(self) -> list[Received]:
        return self.handler.received


@pytest.fixture(scope="session")
def _smtp_controller() -> Iterator[SmtpServer]:
    handler = Handler()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=_authenticator,
        auth_require_tls=False,
    )
    controller.start()
    yield SmtpServer(int(controller.port), handler)
    controller.stop()


@pytest.fixture
def smtp_server(_smtp_controller: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> SmtpServer:
    """The loopback server, emptied, with HANDOUT_SMTP_* pointing at it (right password)."""
    _smtp_controller.received.clear()
    for name, value in (
        ("HOST", "127.0.0.1"),
        ("PORT", str(_smtp_controller.port)),
        ("SECURITY", "none"),
        ("USER", USER),
        ("SENDER", SENDER),
        ("PASSWORD", PASSWORD),
    ):
        monkeypatch.setenv(f"HANDOUT_SMTP_{name}", value)
    monkeypatch.delenv("HANDOUT_PDF_PASSWORD", raising=False)
    return _smtp_controller


@pytest.fixture
def clinic_file(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.yaml"
    path.write_text(CLINIC_YAML, encoding="utf-8")
    return path


def message_language(library: ContentLibrary) -> str:
    """A translation with its UI catalogue if there is one, so the test is not just English."""
    return next(
        (
            lang
            for lang in library.languages(ARTICLE)
            if lang != "en" and (LOCALES_DIR / f"{lang}.yaml").is_file()
        ),
        "en",
    )


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def attachment(message: EmailMessage) -> tuple[str, bytes]:
    (part,) = list(message.iter_attachments())
    assert part.get_content_type() == "application/pdf"
    return str(part.get_filename()), part.get_content()


def test_message_arrives_in_the_patients_language_with_the_same_pdf(
    smtp_server: SmtpServer,
    clinic_file: Path,
    library: ContentLibrary,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the CLI build becomes byte-reproducible
    lang = message_language(library)
    code, out, err = run(
        "email",
        ARTICLE,
        "--to",
        "ana@example.org",
        "--lang",
        lang,
        "--region",
        "lower",
        "--clinic",
        str(clinic_file),
        "--patient",
        PATIENT,
        "--date",
        DATE,
    )
    assert code == 0, err
    assert "not encrypted" in err  # a named PDF sent in the clear is allowed, with a warning
    (got,) = smtp_server.received
    msg, lab = got.message, labels(lang)
    title = library.load(ARTICLE, lang).title
    assert got.rcpt_tos == ["ana@example.org"]
    assert got.authenticated
    assert msg["From"] == SENDER
    assert msg["To"] == "ana@example.org"
    assert msg["Subject"] == lab("email_subject", title=title)
    assert msg["Content-Language"] == lang
    body = plain_body(msg)
    for text in (
        lab("email_greeting", name=PATIENT),
        lab("email_body", title=title, clinic="Riverside Midwives"),
        lab("email_signature"),
        "555-0100",
    ):
        assert text in body
    assert lab("email_password_note") not in body
    name, pdf = attachment(msg)
    opts = RenderOptions(
        region="lower",
        lang=lang,
        clinic=load_clinic(clinic_file),
        patient=PATIENT,
        date=dt.date.fromisoformat(DATE),
        invariant=True,
    )
    direct = build_pdf(library, ARTICLE, opts)
    assert name == direct.filename == f"{ARTICLE}_handout_lower_{lang}_a4.pdf"
    assert hashlib.sha256(pdf).hexdigest() == hashlib.sha256(direct.pdf).hexdigest()
    assert out.strip() == f"Sent {name} to ana@example.org"


def test_anonymous_greeting_and_no_warning_without_a_name(
    smtp_server: SmtpServer, clinic_file: Path
) -> None:
    code, _, err = run("email", ARTICLE, "--to", "bo@example.org", "--clinic", str(clinic_file))
    assert code == 0, err
    assert err == ""
    body = plain_body(smtp_server.received[0].message)
    assert body.startswith(labels("en")("email_greeting_anonymous"))


def test_wrong_password_is_one_line_and_nothing_is_sent(
    smtp_server: SmtpServer, clinic_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOUT_SMTP_PASSWORD", "wrong-password")
    code, out, err = run("email", ARTICLE, "--to", "ana@example.org", "--clinic", str(clinic_file))
    assert code == 1
    assert err.splitlines() == [
        f"handout: error: SMTP login refused for user '{USER}' at 127.0.0.1:{smtp_server.port}: "
        "535 5.7.8 Authentication credentials invalid; "
        "check HANDOUT_SMTP_USER and HANDOUT_SMTP_PASSWORD"
    ]
    assert out == ""
    assert smtp_server.received == []


def test_server_down_is_one_line(
    smtp_server: SmtpServer, clinic_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.setenv("HANDOUT_SMTP_PORT", str(port))
    code, _, err = run("email", ARTICLE, "--to", "ana@example.org", "--clinic", str(clinic_file))
    assert code == 1
    assert err.splitlines() == [
        f"handout: error: cannot reach SMTP server 127.0.0.1:{port}: connection refused"
    ]


def test_refused_recipient_is_one_line(smtp_server: SmtpServer, clinic_file: Path) -> None:
    code, _, err = run(
        "email", ARTICLE, "--to", "refuse-me@example.org", "--clinic", str(clinic_file)
    )
    assert code == 1
    assert err.splitlines() == [
        "handout: error: the SMTP server refused the recipient: 550 5.1.1 Mailbox unavailable"
    ]
    assert smtp_server.received == []


def test_eml_is_written_whole_for_the_clinics_mail_program(
    tmp_path: Path, clinic_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HOST", "PORT", "SECURITY", "USER", "SENDER", "PASSWORD"):
        monkeypatch.delenv(f"HANDOUT_SMTP_{name}", raising=False)
    target = tmp_path / "drafts" / "message.eml"
    code, out, err = run(
        "email",
        ARTICLE,
        "--to",
        "ana@example.org",
        "--clinic",
        str(clinic_file),
        "--eml",
        str(target),
    )
    assert code == 0, err
    assert out.strip() == str(target)
    assert [p.name for p in target.parent.iterdir()] == ["message.eml"]  # no temporary left behind
    msg = BytesParser(policy=policy.default).parsebytes(target.read_bytes())
    assert msg["X-Unsent"] == "1"
    assert msg["From"] == SENDER
    assert msg["Content-Language"] == "en"
    name, pdf = attachment(msg)
    assert name == f"{ARTICLE}_handout_both_en_a4.pdf"
    assert pdf.startswith(b"%PDF-")


def test_pdf_option_sends_an_existing_file(
    smtp_server: SmtpServer, clinic_file: Path, tmp_path: Path, build: Any
) -> None:
    built = build(region="upper")
    path = tmp_path / built.filename
    path.write_bytes(built.pdf)
    code, _, err = run(
        "email", "--pdf", str(path), "--to", "ana@example.org", "--clinic", str(clinic_file)
    )
    assert code == 0, err
    assert "this PDF is not encrypted: if it carries a patient's name, send it with --encrypt" in err
    msg = smtp_server.received[0].message
    assert attachment(msg) == (built.filename, built.pdf)
    assert msg["Subject"] == labels("en")("email_subject", title="Back spasms during pregnancy")


def test_an_encrypted_single_email_says_nothing_personal_in_clear(
    smtp_server: SmtpServer, clinic_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOUT_PDF_PASSWORD", "a-long-password")
    code, _, err = run("email", ARTICLE, "--to", "ana@example.org", "--clinic", str(clinic_file),
                       "--patient", "Ana Lima", "--encrypt")
    assert code == 0, err
    msg = smtp_server.received[0].message
    clear = str(msg["Subject"]) + plain_body(msg)
    for word in ("Ana", "Lima", "spasm", "pregnan"):
        assert word not in clear
    assert attachment(msg)[0] == "document.pdf"


def test_pdf_named_after_the_patient_is_refused(
    clinic_file: Path, tmp_path: Path, build: Any
) -> None:
    path = tmp_path / "ana-lima.pdf"
    path.write_bytes(build().pdf)
    code, _, err = run(
        "email",
        "--pdf",
        str(path),
        "--to",
        "ana@example.org",
        "--clinic",
        str(clinic_file),
        "--patient",
        PATIENT,
        "--eml",
        str(tmp_path / "m.eml"),
    )
    assert code == 2
    assert "seems to carry the patient's name" in err
    assert not (tmp_path / "m.eml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([ARTICLE, "--to", "not-an-address"], "'not-an-address' is not an email address"),
        ([ARTICLE], "give the patient's address with --to"),
        (["--to", "a@example.org"], "give one ARTICLE to build, or --pdf FILE"),
        (
            [ARTICLE, "--to", "a@example.org", "--region", "middle"],
            "valid regions: lower, upper, both",
        ),
    ],
)
def test_bad_requests_exit_2(
    smtp_server: SmtpServer, clinic_file: Path, args: list[str], message: str
) -> None:
    code, _, err = run("email", *args, "--clinic", str(clinic_file))
    assert code == 2
    assert message in err
    assert len(err.splitlines()) == 1
    assert smtp_server.received == []


def test_settings_env_wins_over_profile_and_password_only_from_env(clinic_file: Path) -> None:
    clinic = load_clinic(clinic_file)
    assert smtp_settings(clinic, {}).host == "mail.invalid"
    assert smtp_settings(clinic, {}).security == "starttls"
    settings = smtp_settings(
        clinic,
        {
            "HANDOUT_SMTP_HOST": "smtp.example.org",
            "HANDOUT_SMTP_PORT": "465",
            "HANDOUT_SMTP_SECURITY": "tls",
            "HANDOUT_SMTP_PASSWORD": "pw",
        },
    )
    assert (settings.host, settings.port, settings.security, settings.password) == (
        "smtp.example.org",
        465,
        "tls",
        "pw",
    )
    assert "pw" not in repr(settings)
    assert smtp_settings(Clinic(), {"HANDOUT_SMTP_SECURITY": "tls"}).port == 465
    profile = clinic_file.with_name("leaky.yaml")
    profile.write_text(CLINIC_YAML + "  password: hunter2\n", encoding="utf-8")
    code, _, err = run("email", ARTICLE, "--to", "a@example.org", "--clinic", str(profile))
    assert code == 2
    assert "never store the password here; set HANDOUT_SMTP_PASSWORD" in err


def test_compose_names_the_clinic_and_mentions_the_password(build: Any) -> None:
    built = build()
    letter = Letter(
        "ana@example.org",
        "en",
        "Title",
        built.pdf,
        built.filename,
        Clinic(name="Riverside"),
        encrypted=True,
    )
    body = plain_body(compose(letter))
    assert labels("en")("email_password_note") in body
    assert "Riverside" in body
    with pytest.raises(Exception, match="must say who it is from"):
        compose(replace(letter, clinic=Clinic()))


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made on the spot (the test's own CA)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls_and_starttls_check_the_certificate(
    tmp_path: Path, clinic_file: Path, monkeypatch: pytest.MonkeyPatch, security: str
) -> None:
    import ssl

    cert_file, key_file = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    handler = Handler()
    # aiosmtpd offers AUTH over implicit TLS only if told it need not wait for STARTTLS.
    tls: dict[str, Any] = (  # keyword arguments of Controller: an SSL context and flags
        {"tls_context": context, "require_starttls": True}
        if security == "starttls"
        else {"ssl_context": context, "auth_require_tls": False}
    )
    controller = Controller(
        handler, hostname="127.0.0.1", port=free_port(), authenticator=_authenticator, **tls
    )
    controller.start()
    try:
        for name, value in (
            ("HOST", "127.0.0.1"),
            ("PORT", str(controller.port)),
            ("SECURITY", security),
            ("USER", USER),
            ("SENDER", SENDER),
            ("PASSWORD", PASSWORD),
        ):
            monkeypatch.setenv(f"HANDOUT_SMTP_{name}", value)
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        code, _, err = run(
            "email", ARTICLE, "--to", "ana@example.org", "--clinic", str(clinic_file)
        )
        assert code == 1
        assert err.splitlines() == [  # an unknown certificate is refused
            "handout: error: cannot trust the certificate of SMTP server "
            f"127.0.0.1:{controller.port}: self-signed certificate; "
            "check that smtp.host is the name your mail provider gives"
        ]
        assert handler.received == []
        monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # now the client trusts it
        code, _, err = run(
            "email", ARTICLE, "--to", "ana@example.org", "--clinic", str(clinic_file)
        )
        assert code == 0, err
        (got,) = handler.received
        assert got.authenticated
        assert got.rcpt_tos == ["ana@example.org"]
    finally:
        controller.stop()
