"""The PDF password, asked once: from HANDOUT_PDF_PASSWORD or a hidden prompt, never an argument."""

from __future__ import annotations

import typer

from handout.errors import BadInputError


def ask_password() -> str:
    """HANDOUT_PDF_PASSWORD, else a hidden, confirmed prompt; never a command-line argument."""
    from handout.delivery.encrypt import check_password, password_from_env

    password = password_from_env()
    if password is not None:
        return password
    try:
        typed = typer.prompt("PDF password", hide_input=True, confirmation_prompt=True, err=True)
    except typer.Abort:
        raise BadInputError("no PDF password: set HANDOUT_PDF_PASSWORD or type one when asked") from None
    return check_password(str(typed))
