"""Reads a clinic profile (YAML): name, contact, logo, brand colour and mail settings."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handout.colours import DEFAULT_ACCENT, RGB
from handout.content import load_yaml
from handout.errors import ContentError, Issue
from handout.limits import CLINIC_LIMITS, too_long
from handout.logo import source_warning
from handout.options import Clinic

TEXT_KEYS = tuple(CLINIC_LIMITS)  # name, phone, address, website
SMTP_KEYS = ("host", "port", "security", "user", "sender")
SMTP_SECURITY = ("starttls", "tls", "none")
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif")


def _to_stderr(text: str) -> None:
    sys.stderr.write(f"handout: warning: {text}\n")


def load_clinic(path: Path, *, warn: Callable[[str], None] = _to_stderr) -> Clinic:
    """Validate every field of the profile at `path`, reporting all problems at once.

    `warn` gets one line for what is accepted but unwise (a logo far bigger than print needs).
    """
    doc = load_yaml(path)
    data = doc.data
    issues: list[Issue] = []
    if not isinstance(data, dict):
        raise ContentError([doc.issue((), "must be a mapping with keys like 'name:' and 'phone:'")])
    allowed = (*TEXT_KEYS, "logo", "brand_color", "smtp")
    for key in data:
        if key not in allowed:
            issues.append(doc.issue((key,), f"unknown key; allowed keys are {', '.join(allowed)}"))
    values: dict[str, Any] = {}
    for key in TEXT_KEYS:
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str | int):
            issues.append(doc.issue((key,), "must be text"))
            value = ""
        values[key] = " ".join(str(value).split())
        problem = too_long(values[key], CLINIC_LIMITS[key])
        if problem:
            issues.append(doc.issue((key,), problem))
    brand = data.get("brand_color", DEFAULT_ACCENT)
    try:
        RGB.from_hex(str(brand))
        values["brand_color"] = str(brand)
    except ValueError as exc:
        issues.append(doc.issue(("brand_color",), str(exc)))
    logo = data.get("logo")
    if logo:
        logo_path = (path.parent / str(logo)).resolve()
        if logo_path.suffix.lower() not in LOGO_TYPES:
            issues.append(doc.issue(("logo",), f"'{logo}' must be a PNG or JPEG image"))
        elif not logo_path.is_file():
            issues.append(doc.issue(("logo",), f"file {logo_path} not found; fix the path (relative to the profile)"))
        else:
            problem = _unreadable_image(logo_path)
            if problem:
                issues.append(doc.issue(("logo",), f"cannot read {logo_path}: {problem}"))
            else:
                advice = source_warning(logo_path)
                if advice:
                    warn(str(doc.issue(("logo",), advice)))
            values["logo"] = logo_path
    smtp = data.get("smtp") or {}
    if not isinstance(smtp, dict):
        issues.append(doc.issue(("smtp",), "must be a mapping with host, port, security, user, sender"))
        smtp = {}
    for key in smtp:
        if key == "password":
            issues.append(doc.issue(("smtp", key), "never store the password here; set HANDOUT_SMTP_PASSWORD"))
        elif key not in SMTP_KEYS:
            issues.append(doc.issue(("smtp", key), f"unknown key; allowed keys are {', '.join(SMTP_KEYS)}"))
    if "security" in smtp and smtp["security"] not in SMTP_SECURITY:
        issues.append(doc.issue(("smtp", "security"), f"use one of {', '.join(SMTP_SECURITY)}"))
    if "port" in smtp and not isinstance(smtp["port"], int):
        issues.append(doc.issue(("smtp", "port"), "must be a number such as 587"))
    if issues:
        raise ContentError(issues)
    return Clinic(**values, smtp={k: v for k, v in smtp.items() if k in SMTP_KEYS})


def _unreadable_image(path: Path) -> str:
    """Why ReportLab could not read the image, or '' if it can."""
    try:
        from reportlab.lib.utils import ImageReader

        ImageReader(str(path)).getSize()
    except Exception as exc:  # noqa: BLE001 - ReportLab raises many types for a bad image
        if type(exc).__name__ == "DecompressionBombError":
            return "too many pixels to read safely; save a smaller copy (500×240 pixels is plenty)"
        return f"not a readable image ({type(exc).__name__})"
    return ""
