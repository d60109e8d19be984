"""Files the content points at (logos, images), confined to the content folder.

Content is untrusted: a path may not climb out with `../`, be absolute,
follow a symlink that leads outside, or be a URL (nothing is ever fetched).
"""

from __future__ import annotations

from pathlib import Path

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


class AssetError(ValueError):
    """An asset path that may not or cannot be used; the text says why."""


def resolve_asset(
    base_dir: Path, relative: str, suffixes: tuple[str, ...] = IMAGE_SUFFIXES
) -> Path:
    """The real path of `relative` inside `base_dir`, or AssetError."""
    if "://" in relative or relative.startswith(("data:", "//")):
        raise AssetError(f"'{relative}' is a URL; copy the file next to content.yaml and name it")
    candidate = Path(relative)
    if candidate.is_absolute():
        raise AssetError(f"'{relative}' is an absolute path; give a path relative to content.yaml")
    root = base_dir.resolve()
    target = (root / candidate).resolve()
    if not target.is_relative_to(root):
        raise AssetError(f"'{relative}' points outside the content folder")
    if suffixes and target.suffix.lower() not in suffixes:
        raise AssetError(f"'{relative}' is not a supported file type; use {', '.join(suffixes)}")
    if not target.is_file():
        raise AssetError(f"'{relative}' does not exist in the content folder")
    return target
