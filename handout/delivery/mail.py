"""Composes the email that carries a handout, in the patient's language, and sends it over SMTP.

Settings come from the clinic profile's `smtp:` mapping, overridden by HANDOUT_SMTP_* variables;
the password comes only from HANDOUT_SMTP_PASSWORD, so it never lands in a profile that gets
copied around or committed.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from types import TracebackType

from handout.errors import BadInputError, BuildFailedError
from handout.i18n import labels
from handout.options import Clinic

ENV_PREFIX = "HANDOUT_SMTP_"
PASSWORD_ENV = "HANDOUT_SMTP_PASSWORD"
SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
PRIVATE_ATTACHMENT = "document.pdf"
MAX_ATTACHMENT = 18 * 1024 * 1024  # base64 adds a third; 25 MB (Gmail) / 20 MB (Outlook.com) caps
_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")


class MailServerError(BuildFailedError):
    """The server could not be reached or refused us (login, TLS): nothing can be sent."""


class RecipientRefusedError(BuildFailedError):
    """The server refused this one message (usually its recipient); others may still go."""


def is_loopback(host: str) -> bool:
    """A server on this machine (a local relay), where a clear-text login never leaves it."""
    import ipaddress

    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def valid_address(text: str) -> bool:
    """A plain `name@domain.tld` address: enough to catch typos, not a full RFC 5322 parser."""
    return bool(_ADDRESS.match(text.strip()))


@dataclass(frozen=True)
class SmtpSettings:
    host: str = ""
    port: int = 587
    security: str = "starttls"
    user: str = ""
    sender: str = ""
    password: str = field(default="", repr=False)

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def require_server(self) -> SmtpSettings:
        """Self, or BadInputError naming what is missing before we try to connect."""
        missing = [
            name for name, value in (("host", self.host), ("sender", self.sender)) if not value
        ]
        if missing:
            names = ", ".join(f"smtp.{m} (or {ENV_PREFIX}{m.upper()})" for m in missing)
            raise BadInputError(
                f"cannot send without {names}; set it in the clinic profile or the "
                "environment, or use --eml"
            )
        if self.user and not self.password:
            raise BadInputError(f"SMTP user '{self.user}' needs a password; set {PASSWORD_ENV}")
        if self.password and not self.user:
            raise BadInputError(
                f"{PASSWORD_ENV} is set but no SMTP user; set smtp.user or {ENV_PREFIX}USER"
            )
        if self.user and self.security == "none" and not is_loopback(self.host):
            raise BadInputError(
                f"smtp.security is none, so the login of '{self.user}' would cross the network in clear text; "
                "use starttls or tls (none is only for a relay on this machine)"
            )
        return self


def smtp_settings(clinic: Clinic, env: Mapping[str, str] | None = None) -> SmtpSettings:
    """The profile's `smtp:` mapping with HANDOUT_SMTP_* variables on top (environment wins)."""
    env = os.environ if env is None else env
    merged: dict[str, object] = dict(clinic.smtp)
    for key in ("host", "port", "security", "user", "sender"):
        value = env.get(ENV_PREFIX + key.upper())
        if value:
            merged[key] = value.strip()
    security = str(merged.get("security", "starttls")).lower()
    if security not in SECURITY:
        raise BadInputError(f"SMTP security '{security}' is not one of {', '.join(SECURITY)}")
    port_text = str(merged.get("port", DEFAULT_PORTS[security]))
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise BadInputError(f"SMTP port '{port_text}' is not a port number such as 587")
    sender = str(merged.get("sender", ""))
    if sender and not valid_address(parseaddr(sender)[1]):
        raise BadInputError(f"SMTP sender '{sender}' is not an address such as clinic@example.org")
    return SmtpSettings(
        host=str(merged.get("host", "")),
        port=int(port_text),
        security=security,
        user=str(merged.get("user", "")),
        sender=sender,
        password=env.get(PASSWORD_ENV, ""),
    )


def signer(clinic: Clinic, sender: str = "") -> str:
    """Who the message is from: the clinic's name, else the sender's display name."""
    name = clinic.name or parseaddr(sender)[0]
    if not name:
        raise BadInputError(
            "the email must say who it is from: use --clinic with a profile that has 'name:', "
            "or a sender such as 'Riverside Midwives <desk@riverside.example>'"
        )
    return name


@dataclass(frozen=True)
class Letter:
    """What goes into one message; `patient` is only used for the greeting."""

    to: str
    lang: str
    title: str
    pdf: bytes
    filename: str
    clinic: Clinic
    patient: str = ""
    encrypted: bool = False


def compose(letter: Letter, sender: str = "", *, draft: bool = False) -> EmailMessage:
    """The message: subject, greeting, body and signature from the UI catalogue, PDF attached.

    With `draft`, the message is marked unsent so Outlook opens a saved .eml ready to send.
    """
    if not valid_address(letter.to):
        raise BadInputError(f"'{letter.to}' is not an email address such as name@example.org")
    if len(letter.pdf) > MAX_ATTACHMENT:
        raise BuildFailedError(
            f"{letter.filename} is {len(letter.pdf) // 1_048_576} MB, too big to email "
            "(limit 18 MB)"
        )
    clinic_name = signer(letter.clinic, sender)
    lab = labels(letter.lang)
    if letter.encrypted:  # what travels in clear names neither the patient nor the condition
        subject = lab("email_subject_private", clinic=clinic_name)
        paragraphs = [lab("email_greeting_anonymous"), lab("email_body_private", clinic=clinic_name),
                      lab("email_password_note")]
    else:
        subject = lab("email_subject", title=letter.title)
        greeting = lab("email_greeting", name=letter.patient) if letter.patient else lab("email_greeting_anonymous")
        paragraphs = [greeting, lab("email_body", title=letter.title, clinic=clinic_name)]
    signature = [lab("email_signature"), clinic_name]
    if letter.clinic.contact_line:
        signature.append(letter.clinic.contact_line.replace("  ·  ", " · "))
    paragraphs.append("\n".join(signature))

    msg = EmailMessage(policy=policy.SMTP)
    if sender:
        msg["From"] = sender
    msg["To"] = letter.to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].partition("@")[2] or None)
    if draft:
        msg["X-Unsent"] = "1"
    msg.set_content("\n\n".join(paragraphs) + "\n")
    # Encrypted, even the attachment's name (which names the article) stays neutral.
    filename = PRIVATE_ATTACHMENT if letter.encrypted else letter.filename
    msg.add_attachment(letter.pdf, maintype="application", subtype="pdf", filename=filename)
    # After the parts exist: set_content and add_attachment move Content-* headers into them.
    msg["Content-Language"] = letter.lang
    return msg


class Mailer:
    """One SMTP session for one or many messages: `with Mailer(settings) as m: m.send(msg)`."""

    def __init__(self, settings: SmtpSettings, *, timeout: float = 30.0) -> None:
        self.settings = settings.require_server()
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        s = self.settings
        try:
            if s.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
            self._smtp = smtp
            if s.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if s.user:
                smtp.login(s.user, s.password)
        except smtplib.SMTPAuthenticationError as exc:
            self._close()
            raise MailServerError(
                f"SMTP login refused for user '{s.user}' at {s.where}: {_reply(exc)}; "
                f"check {ENV_PREFIX}USER and {PASSWORD_ENV}"
            ) from None
        except smtplib.SMTPNotSupportedError as exc:
            self._close()
            raise MailServerError(
                f"SMTP server {s.where} does not support what we need: {exc}; check smtp.security"
            ) from None
        except ssl.SSLCertVerificationError as exc:
            self._close()
            raise MailServerError(
                f"cannot trust the certificate of SMTP server {s.where}: {exc.verify_message}; "
                "check that smtp.host is the name your mail provider gives"
            ) from None
        except ssl.SSLError as exc:
            self._close()
            raise MailServerError(
                f"TLS with SMTP server {s.where} failed: {exc.reason or exc}; "
                "check smtp.security and port"
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            self._close()
            raise MailServerError(f"cannot reach SMTP server {s.where}: {_reason(exc)}") from None
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._close()

    def send(self, msg: EmailMessage) -> None:
        """Hand one message to the server; RecipientRefusedError or MailServerError if it fails."""
        assert self._smtp is not None, "use Mailer as a context manager"
        try:
            refused = self._smtp.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            replies = "; ".join(_reply_text(code, text) for code, text in exc.recipients.values())
            raise RecipientRefusedError(
                f"the SMTP server refused the recipient: {replies}"
            ) from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise RecipientRefusedError(
                f"the SMTP server refused the message: {_reply(exc)}"
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise MailServerError(
                f"lost the SMTP server {self.settings.where}: {_reason(exc)}"
            ) from None
        if refused:  # only possible with several recipients; we always send to one
            raise RecipientRefusedError("the SMTP server refused the recipient")

    def _close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None


def send_one(msg: EmailMessage, settings: SmtpSettings) -> None:
    with Mailer(settings) as mailer:
        mailer.send(msg)


def _reply_text(code: int, text: bytes | str) -> str:
    words = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}"


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return _reply_text(exc.smtp_code, exc.smtp_error)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__
