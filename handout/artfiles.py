"""Illustrations as files in the content tree: where they are, what they name, and the drawing rules.

Pictograms and body figures are SVG files an illustrator can draw in Inkscape. Their colours
are named roles (`fill="url(#ink)"`, Inkscape's swatches), never hex values, so the clinic's
brand colour and the greyscale edition recolour them; a figure's zones are shapes in its
`zones` layer, named by their ids (`id="calves"`). This module reads the files as XML only (no
ReportLab), so content validation and `handout check` can use it without the drawing code.

Where a name is looked up, first match wins: the article's own folder
(`content/<article>/pictograms/`), the content folder's shared library (`content/pictograms/`),
then the library shipped with handout (so a clinic's own content folder can use it too).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from handout.caches import register
from handout.ids import is_id
from handout.limits import MAX_SVG_BYTES

SVG_NS = "http://www.w3.org/2000/svg"
ZONES_LAYER = "zones"  # the group of a figure whose children are its zones


@dataclass(frozen=True)
class ArtKind:
    """One kind of illustration: its folder, its grid (the viewBox) and the rules of its line."""

    folder: str
    grid: tuple[float, float]
    roles: tuple[str, ...]  # the colour roles a file of this kind may name
    strokes: tuple[float, float]  # stroke widths allowed, in grid units (min, max)


# A pictogram: the 24-unit grid of common icon sets, a 2-unit line, and 5 for the gap (halo)
# drawn in the circle's tint around a figure where it overlaps an object. handout puts it in
# its tinted circle. A figure: 100 x 190 units, a 1.3-unit outline, hatching at half of it.
PICTOGRAM = ArtKind("pictograms", (24.0, 24.0), ("ink", "accent", "tint"), (1.0, 5.0))
FIGURE = ArtKind("figures", (100.0, 190.0), ("ink", "figure", "detail"), (0.5, 3.0))
KINDS = (PICTOGRAM, FIGURE)

# Roles as handout paints them: file role -> `handout.theme.ArtColours` field.
ROLE_COLOURS: Mapping[str, str] = {"ink": "ink", "accent": "prop", "tint": "tint", "figure": "figure",
                                   "detail": "detail"}

_SHAPES = frozenset({"path", "circle", "ellipse", "rect", "line", "polyline", "polygon"})
_STRUCTURE = frozenset({"svg", "g", "defs", "title", "desc", "metadata", "linearGradient", "stop"})
_TEXT = frozenset({"text", "tspan", "textPath", "flowRoot", "flowPara", "flowRegion", "flowDiv", "flowSpan"})
_RASTER = frozenset({"image", "foreignObject"})
_ZONE_SHAPES = frozenset({"path", "polygon", "rect", "circle", "ellipse"})
_URL = re.compile(r"""url\(\s*['"]?#([^'")\s]+)['"]?\s*\)""")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")
_HREF = ("href", "{http://www.w3.org/1999/xlink}href")


# --- where the files are -----------------------------------------------------------------------
def shipped_content_dir() -> Path:
    """The content folder shipped with handout (a checkout's `content/`, or the package's copy)."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "content", package_dir.parent / "content"):
        if candidate.is_dir():
            return candidate
    return package_dir.parent / "content"


def art_folders(kind: ArtKind, root: Path, article_dir: Path | None = None) -> tuple[Path, ...]:
    """The folders a name of this kind is looked up in, first match winning."""
    folders = [article_dir / kind.folder] if article_dir is not None else []
    folders += [root / kind.folder, shipped_content_dir() / kind.folder]
    return tuple(dict.fromkeys(folder.resolve() for folder in folders))


@dataclass(frozen=True)
class ArtCatalogue:
    """The pictograms and figures one article can name, each with its file."""

    pictograms: Mapping[str, Path]
    figures: Mapping[str, Path]

    def zones(self, figure: str) -> tuple[str, ...]:
        path = self.figures.get(figure)
        return zone_ids(path) if path is not None else ()


def catalogue(root: Path, article_dir: Path | None = None) -> ArtCatalogue:
    """What an article in `article_dir` (or any article, with None) can name."""
    return ArtCatalogue(available(PICTOGRAM, root, article_dir), available(FIGURE, root, article_dir))


def available(kind: ArtKind, root: Path, article_dir: Path | None = None) -> dict[str, Path]:
    """Every name of this kind an article can use, with its file; ids only (`calf-stretch.svg`)."""
    found: dict[str, Path] = {}
    for folder in art_folders(kind, root, article_dir):
        if folder.is_dir():
            for path in sorted(folder.glob("*.svg")):
                if is_id(path.stem):
                    found.setdefault(path.stem, path)
    return found


# --- reading a file ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ArtFile:
    """One parsed SVG file (the lxml tree) and the problems that stop it being read at all."""

    path: Path
    root: Any  # lxml.etree._Element, or None when the file could not be read
    problems: tuple[str, ...] = ()


def read_art(path: Path) -> ArtFile:
    """The file parsed (once per process and version of the file); never resolves entities."""
    try:
        stat = path.stat()
    except OSError as exc:
        return ArtFile(path, None, (f"cannot read: {exc.strerror}",))
    return _read(path, stat.st_mtime_ns, stat.st_size)


@register
@lru_cache(maxsize=256)
def _read(path: Path, _mtime: int, size: int) -> ArtFile:
    from lxml import etree

    if size > MAX_SVG_BYTES:
        return ArtFile(path, None, (f"{size:,} bytes, over the {MAX_SVG_BYTES:,} limit for an illustration "
                                    "(they are a few kB); save it as plain SVG with fewer nodes",))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        return ArtFile(path, None, (f"not readable as SVG: {exc}",))
    return ArtFile(path, root)


def _local(element: Any) -> str | None:
    """An element's name in the SVG namespace, or None for another namespace (Inkscape's own)."""
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{" + SVG_NS + "}"):
        return None
    return str(tag[len(SVG_NS) + 2:])


def _style(element: Any) -> dict[str, str]:
    """Presentation attributes, with the `style` attribute's declarations taking precedence."""
    props = {key: str(value).strip() for key, value in element.attrib.items() if isinstance(key, str)}
    for declaration in props.pop("style", "").split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() and value.strip():
            props[name.strip()] = value.strip()
    return props


def zone_ids(path: Path) -> tuple[str, ...]:
    """The zones of a figure: ids of the shapes in its `zones` layer, in file order."""
    art = read_art(path)
    layer = _zones_layer(art.root) if art.root is not None else None
    if layer is None:
        return ()
    return tuple(str(el.get("id")) for el in layer.iter() if el is not layer and el.get("id")
                 and _local(el) in _ZONE_SHAPES)


def _zones_layer(root: Any) -> Any:
    return next((el for el in root.iter() if _local(el) == "g" and el.get("id") == ZONES_LAYER), None)


# --- the drawing rules -------------------------------------------------------------------------
@dataclass(frozen=True)
class ArtProblem:
    """One break of the drawing rules, placed: `file:line: problem`."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


def art_problems(path: Path, kind: ArtKind) -> list[ArtProblem]:
    """Every way the file breaks the drawing rules (once per process and version of the file)."""
    art = read_art(path)
    if art.root is None:
        return [ArtProblem(path, None, problem) for problem in art.problems]
    return [ArtProblem(path, line, problem) for line, problem in _checked(art, kind)]


@register
@lru_cache(maxsize=256)
def _checked(art: ArtFile, kind: ArtKind) -> tuple[tuple[int | None, str], ...]:
    return tuple(_problems(art.root, kind))


def _problems(root: Any, kind: ArtKind) -> Iterator[tuple[int | None, str]]:
    if _local(root) != "svg":
        yield root.sourceline, "the top element must be <svg> in the SVG namespace (xmlns=\"http://www.w3.org/2000/svg\")"
        return
    wanted = "0 0 " + " ".join(f"{n:g}" for n in kind.grid)
    box = _NUMBER.findall(root.get("viewBox", ""))
    if [float(n) for n in box] != [0.0, 0.0, *kind.grid]:
        found = root.get("viewBox")
        yield root.sourceline, (f"viewBox is {found!r}, not on the {kind.folder} grid; set viewBox=\"{wanted}\""
                                if found else f"no viewBox; set viewBox=\"{wanted}\" (the {kind.folder} grid)")
    swatches = _swatches(root)
    for role in swatches:
        if role not in kind.roles and role in ROLE_COLOURS:
            yield None, f"colour role '{role}' is not one a {kind.folder[:-1]} uses; use {_either(kind.roles)}"
    yield from _elements(root, kind, swatches)
    if kind is FIGURE:
        yield from _zone_problems(root)


def _swatches(root: Any) -> dict[str, str]:
    """Gradient id -> the role it stands for ('' when it names none): a role's swatch is the
    gradient with the role's id; Inkscape may add gradients that point at one (href)."""
    grads = {el.get("id"): el for el in root.iter() if _local(el) == "linearGradient" and el.get("id")}
    roles: dict[str, str] = {}
    for gid in grads:
        seen, current = set(), gid
        while current in grads and current not in ROLE_COLOURS and current not in seen:
            seen.add(current)
            href = next((grads[current].get(a) for a in _HREF if grads[current].get(a)), "")
            current = href[1:] if href.startswith("#") else ""
        roles[gid] = current if current in ROLE_COLOURS else ""
    return roles


def _elements(root: Any, kind: ArtKind, swatches: dict[str, str]) -> Iterator[tuple[int | None, str]]:
    def walk(el: Any, fill: str | None, scale: float, in_defs: bool) -> Iterator[tuple[int | None, str]]:
        name = _local(el)
        if name is None:
            return  # Inkscape's and Sodipodi's own elements (named view, layers' metadata)
        line = el.sourceline
        if name in _TEXT:
            yield line, f"<{name}> holds text; an illustration has no words (they would not be translated): " \
                        "convert it to a path or remove it"
            return
        if name in _RASTER:
            yield line, f"<{name}> is a raster or embedded image; draw it with paths (round-capped lines and fills)"
            return
        if name not in _SHAPES and name not in _STRUCTURE:
            yield line, f"<{name}> is not allowed; use paths, circles, rectangles, lines and groups"
            return
        if name == "metadata":
            return
        props = _style(el)
        scale *= _transform_scale(props.get("transform", ""))
        fill = props.get("fill", fill)
        for key in ("opacity", "fill-opacity", "stroke-opacity"):
            if key in props and _float(props[key]) != 1.0:
                yield line, f"{key} {props[key]}: transparency is not allowed; use a colour role at full strength"
        for key in ("fill", "stroke"):
            if key in props:
                yield from _paint(line, key, props[key], kind, swatches, in_defs)
        defs = in_defs or name in ("defs", "linearGradient")
        if name in _SHAPES and not defs:
            if fill is None:
                yield line, f"<{name}> has no fill, and SVG's default is black; set fill=\"url(#ink)\" or fill=\"none\""
            stroke = props.get("stroke")
            if stroke is not None and stroke != "none":
                width = _float(props.get("stroke-width", "1"))
                low, high = kind.strokes
                if width is None or not low <= width * scale <= high:
                    shown = props.get("stroke-width", "1 (the default)")
                    yield line, (f"stroke-width {shown} is outside the {kind.folder} range "
                                 f"{low:g} to {high:g} grid units")
        for child in el:
            yield from walk(child, fill, scale, defs)

    return walk(root, None, 1.0, False)


def _paint(line: int | None, key: str, value: str, kind: ArtKind, swatches: dict[str, str],
           in_defs: bool) -> Iterator[tuple[int | None, str]]:
    if value in ("none", "inherit") or in_defs:
        return
    match = _URL.fullmatch(value)
    role = swatches.get(match.group(1), "") if match else ""
    if role not in kind.roles:
        yield line, (f"{key} {value!r} is not a colour role; use {_either(kind.roles, 'url(#{})')} "
                     "(Inkscape: Fill and Stroke, swatch) or none")


def _zone_problems(root: Any) -> Iterator[tuple[int | None, str]]:
    layer = _zones_layer(root)
    if layer is None:
        yield root.sourceline, "a figure has a layer <g id=\"zones\"> holding one shape per body zone"
        return
    ids: set[str] = set()
    for el in layer.iter():
        if el is layer or _local(el) is None or _local(el) == "g":
            continue
        zone = el.get("id") or ""
        if _local(el) not in _ZONE_SHAPES:
            yield el.sourceline, f"<{_local(el)}> in the zones layer; a zone is a closed shape (path, rect, circle)"
        elif not is_id(zone):
            yield el.sourceline, (f"zone id {zone!r} is not a zone name; use lower-case words and hyphens "
                                  "such as calves or lower-back")
        elif zone in ids:
            yield el.sourceline, f"zone '{zone}' is drawn twice; give each zone one shape"
        ids.add(zone)
    if not ids:
        yield layer.sourceline, "the zones layer is empty; add a shape per zone with its name as id"


def _either(roles: tuple[str, ...], pattern: str = "{}") -> str:
    shown = [pattern.format(role) for role in roles]
    return ", ".join(shown[:-1]) + " or " + shown[-1]


def _float(text: str) -> float | None:
    match = _NUMBER.match(text.strip())
    return float(match.group()) if match else None


def _transform_scale(text: str) -> float:
    """How much a transform scales lengths (the square root of its area factor)."""
    factor = 1.0
    for name, args in _TRANSFORM.findall(text):
        n = [float(v) for v in _NUMBER.findall(args)]
        if name == "matrix" and len(n) == 6:
            factor *= abs(n[0] * n[3] - n[1] * n[2])
        elif name == "scale" and n:
            factor *= abs(n[0] * (n[1] if len(n) > 1 else n[0]))
        elif name in ("skewX", "skewY") and n:
            factor *= 1.0  # a skew keeps areas
    return math.sqrt(factor)


# --- painting ----------------------------------------------------------------------------------
def painted(path: Path, colours: Mapping[str, str], *, show_zones: bool = False) -> bytes:
    """The file with every role replaced by its colour (`{"ink": "#1D2B33", ...}`), as SVG bytes
    any renderer draws; the zones layer stays hidden unless `show_zones`."""
    from lxml import etree

    art = read_art(path)
    if art.root is None:
        raise ValueError(f"{path}: {art.problems[0]}")
    root = etree.fromstring(etree.tostring(art.root))
    swatches = _swatches(root)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        style = el.get("style")
        if style is not None:
            for declaration in style.split(";"):
                name, _, value = declaration.partition(":")
                if name.strip():
                    el.set(name.strip(), value.strip())
            del el.attrib["style"]
        for key in ("fill", "stroke"):
            match = _URL.fullmatch(el.get(key, ""))
            if match:
                el.set(key, colours.get(swatches.get(match.group(1), ""), "none"))
    for defs in [el for el in root.iter() if _local(el) == "defs"]:
        defs.getparent().remove(defs)
    layer = _zones_layer(root)
    if layer is not None and show_zones:
        layer.attrib.pop("display", None)
    elif layer is not None:
        layer.set("display", "none")
    return bytes(etree.tostring(root))
