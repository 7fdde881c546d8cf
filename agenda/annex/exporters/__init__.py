"""Writers for annex (g): DOCX, PDF, HTML, Markdown, CSV and XLSX.

Every writer renders an :class:`agenda.annex.document.Annex` (already translated) and writes through
:func:`write_output`, which validates the path, refuses to replace an existing file unless
``force`` is given, and writes atomically (a temporary file in the same directory, then a rename),
so a failed export never leaves a half-written document behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from agenda.model.errors import ValidationError

if TYPE_CHECKING:
    from agenda.annex.document import Annex

FORMATS: tuple[str, ...] = ("docx", "pdf", "html", "md", "csv", "xlsx")


def check_output_path(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Validate an output path: its directory must exist; an existing file needs ``force``."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ValidationError(
            f"{target} is a directory: give a file name, e.g. {target / 'annex.docx'}"
        )
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise ValidationError(
            f"cannot write {target}: directory {parent} does not exist; create it first "
            f"(mkdir -p {parent}) or choose another path"
        )
    if target.exists() and not force:
        raise ValidationError(f"{target} already exists; use --force to overwrite it")
    if not os.access(parent, os.W_OK):
        raise ValidationError(f"cannot write {target}: directory {parent} is not writable")
    return target


def _file_mode(target: Path) -> int:
    """The mode a new file would get (umask applied), or the replaced file's mode.

    Temporary files are created private (0600); the finished export gets ordinary permissions.
    """
    if target.exists():
        return target.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_output(
    path: str | os.PathLike[str], write: Callable[[Path], object], *, force: bool = False
) -> Path:
    """Check ``path``, call ``write(temporary_path)`` and move the result into place."""
    target = check_output_path(path, force=force)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        if target.exists() and not force:
            raise ValidationError(f"{target} appeared while exporting; use --force to overwrite it")
        os.chmod(temp, _file_mode(target))
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return target


def write_annex(
    annex: Annex,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    excel: bool = False,
) -> Path:
    """Write ``annex`` in format ``fmt`` (one of :data:`FORMATS`) to ``path``.

    CSV holds the list of participants only (``excel``: semicolons, for Spanish-locale Excel);
    XLSX holds it and the organization of work.
    """
    from agenda.annex.exporters import docx, html, markdown, pdf, tables

    writers: dict[str, Callable[..., Path]] = {
        "docx": docx.write_annex_docx,
        "pdf": pdf.write_annex_pdf,
        "html": html.write_annex_html,
        "md": markdown.write_annex_markdown,
        "csv": tables.write_participants_csv,
        "xlsx": tables.write_annex_xlsx,
    }
    if fmt not in writers:
        raise ValidationError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if excel and fmt != "csv":
        raise ValidationError(
            f"--excel applies to CSV only, not {fmt}; drop it or use --format csv"
        )
    if excel:
        return tables.write_participants_csv(annex, path, force=force, excel=True)
    return writers[fmt](annex, path, force=force)
