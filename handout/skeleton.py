"""`handout new ARTICLE`: a commented skeleton article and the folder for its own pictograms
(and the JSON Schema beside the articles, when the content folder has none).

The skeleton names what there is to choose from (the figures with their zones, the shared
pictograms) and leaves every text to write empty, so `handout check ARTICLE` lists exactly
what is still missing. Nothing is written unless all of it is: the folder is made under a
temporary name and renamed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

from handout.errors import BadInputError, BuildFailedError
from handout.ids import check_id
from handout.library import ART_FOLDERS, SOURCE_LANG, ContentLibrary
from handout.output import write_atomic
from handout.schema import SCHEMA_FILE, shipped_schema

TEMPLATES = Path(__file__).resolve().parent / "templates"
PICTOGRAM_TEMPLATE = "TEMPLATE.svg"  # not an id, so never taken for a pictogram


def new_article(library: ContentLibrary, article_id: str, today: dt.date | None = None) -> list[Path]:
    """Write `<content>/<article>/en.yaml` and `pictograms/`; the files written."""
    name = check_id("article", article_id)
    if name in ART_FOLDERS:
        raise BadInputError(f"'{name}' is the folder of the shared {name}; choose another article id")
    folder = library.root / name
    if folder.exists():
        raise BadInputError(f"{folder} already exists; choose another article id, or edit that article")
    day = today or dt.date.today()
    text = (TEMPLATES / "article.yaml").read_text(encoding="utf-8").format(
        article=name, today=day.isoformat(), next_review=day.replace(year=day.year + 1).isoformat()
        if not (day.month == 2 and day.day == 29) else dt.date(day.year + 1, 3, 1).isoformat(),
        **_choices(library))
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=library.root))
    except OSError as exc:
        raise BuildFailedError(f"cannot write in {library.root}: {exc.strerror}") from None
    try:
        (staging / f"{SOURCE_LANG}.yaml").write_text(text, encoding="utf-8")
        (staging / "pictograms").mkdir()
        shutil.copyfile(TEMPLATES / "pictogram.svg", staging / "pictograms" / PICTOGRAM_TEMPLATE)
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    written = [folder / f"{SOURCE_LANG}.yaml", folder / "pictograms" / PICTOGRAM_TEMPLATE]
    schema = library.root / SCHEMA_FILE
    if not schema.exists():  # the skeleton's first line points editors' YAML extensions at it
        write_atomic(schema, shipped_schema().read_bytes())
        written.append(schema)
    return written


def _choices(library: ContentLibrary) -> dict[str, str]:
    """The figures (with their zones) and shared pictograms, as comment lines of the skeleton."""
    art = library.art()
    figures = [f"#   {figure}: {', '.join(art.zones(figure))}" for figure in art.figures] or ["#   (none found)"]
    pictograms = "\n".join(textwrap.wrap(", ".join(art.pictograms) or "(none found)", 90,
                                         subsequent_indent="  #   ", break_on_hyphens=False))
    return {"figures": "\n".join(figures), "figure": next(iter(art.figures), '""'), "pictograms": pictograms}
