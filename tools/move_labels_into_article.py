"""Move the UI labels that named the back (figure caption, zone names, causes intro) into an article.

Since articles name their own figure zones, the caption under the figure, the zone names in it
and the line above each region's causes are the article's text, in each language. This moves a
language's old catalogue entries (`figure_caption`, `zone.<zone>`, `causes_intro` in
`languages/ui/<lang>.yaml`) into `content/<article>/<lang>.yaml` as `figure_caption`,
`regions.<id>.zone_name` and `causes_intro`, word for word, and removes them from the catalogue.

Usage: python tools/move_labels_into_article.py ARTICLE LANG [LANG ...]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MOVED = re.compile(r"^(figure_caption|causes_intro|zone\.[a-z0-9-]+):\s*(.*)$")


def _labels(catalogue: Path) -> tuple[dict[str, str], list[str]]:
    """The moved labels (single-line values only) and the catalogue's other lines."""
    import yaml

    data = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    moved, kept = {}, []
    for line in catalogue.read_text(encoding="utf-8").splitlines():
        match = MOVED.match(line)
        if match:
            moved[match.group(1)] = str(data[match.group(1)])
        else:
            kept.append(line)
    return moved, kept


def move(article: str, lang: str) -> None:
    catalogue = ROOT / "languages" / "ui" / f"{lang}.yaml"
    content = ROOT / "content" / article / f"{lang}.yaml"
    labels, kept = _labels(catalogue)
    text = content.read_text(encoding="utf-8")
    quoted = {key: json.dumps(value, ensure_ascii=False) for key, value in labels.items()}
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("regions:") and "figure_caption:" not in text:
            out += [f"figure_caption: {quoted['figure_caption']}", f"causes_intro: {quoted['causes_intro']}"]
        out.append(line)
        zone = re.match(r"^(\s+)zone: ([a-z0-9-]+)\s*$", line)
        if zone and f"zone.{zone.group(2)}" in quoted:
            out.append(f"{zone.group(1)}zone_name: {quoted['zone.' + zone.group(2)]}")
    content.write_text("\n".join(out) + "\n", encoding="utf-8")
    catalogue.write_text("\n".join(kept) + "\n", encoding="utf-8")
    print(f"{content}: {', '.join(labels)} moved from {catalogue.name}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    for code in sys.argv[2:]:
        move(sys.argv[1], code)
