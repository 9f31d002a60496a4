"""The wheel carries the fonts, the bundled content and the UI catalogues."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_fonts_content_and_locales(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("handout-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for font in (ROOT / "fonts").glob("*.ttf"):
        assert f"handout/fonts/{font.name}" in names
    assert "handout/fonts/README.md" in names or not (ROOT / "fonts" / "README.md").exists()
    assert "handout/content/back-spasms-pregnancy/en.yaml" in names
    assert "handout/languages/ui/en.yaml" in names
    assert "handout/languages/languages.yaml" in names
    assert "handout/fonts/families.yaml" in names
    for asset in (ROOT / "handout" / "web").rglob("*"):  # the front desk's templates, script, style, labels
        if asset.is_file() and asset.suffix in (".html", ".js", ".css", ".svg", ".yaml"):
            assert asset.relative_to(ROOT).as_posix() in names
    assert not any(name.startswith("tests/") for name in names)
