"""Catalog maintenance with Babel: extract, init, update and compile the ``meetingctl`` catalogs.

Run from the repository root::

    python -m meetingctl.catalogs extract          # agenda/locale/meetingctl.pot
    python -m meetingctl.catalogs init fr          # a new language: agenda/locale/fr/...po
    python -m meetingctl.catalogs update           # merge new msgids into every .po
    python -m meetingctl.catalogs compile          # every .po -> .mo (committed, shipped)
    python -m meetingctl.catalogs check es         # msgids without translation, or fuzzy

``pybabel`` with ``babel.cfg`` does the same (the keywords are in its first comment).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from agenda.i18n.catalog import DOMAIN, KEYWORDS, LOCALE_DIR

ROOT = LOCALE_DIR.parent.parent
SOURCE_DIRS = ("agenda", "integrations", "meetingctl")
METHOD_MAP = [("**.py", "python")]


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """``<locale_dir>/<lang>/LC_MESSAGES/meetingctl.po``."""
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """The languages that have a catalog."""
    return sorted(p.parent.parent.name for p in locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def extract(root: Path = ROOT) -> Catalog:
    """Every msgid marked in the sources (tr, trn, trp, trnp, N_, NP_, NNP_, NC_), and the help
    texts of the command line (context ``cli help``)."""
    template = Catalog(project=DOMAIN, fuzzy=False)
    for folder in SOURCE_DIRS:
        for filename, lineno, message, comments, context in extract_from_dir(
            root / folder, METHOD_MAP, keywords=KEYWORDS, strip_comment_tags=True
        ):
            template.add(
                message,
                None,
                [(f"{folder}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    from meetingctl.cli import cli
    from meetingctl.cli.i18n import HELP_CONTEXT, help_texts

    for text in help_texts(cli):  # docstrings and option help: the command line's help
        template.add(text, None, [("meetingctl/cli", 0)], context=HELP_CONTEXT)
    return template


def read(path: Path) -> Catalog:
    """A .po file read with Babel."""
    with path.open("rb") as handle:
        return read_po(handle)


def write(catalog: Catalog, path: Path) -> None:
    """A catalog written as .po (no line numbers, so diffs stay small)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, include_lineno=False, sort_output=True)


def mo_bytes(catalog: Catalog) -> bytes:
    """The compiled form of ``catalog`` (what ``compile`` writes), in memory."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def untranslated(catalog: Catalog) -> Iterator[str]:
    """Descriptions of the messages without a translation or marked fuzzy."""
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        label = f"{message.context + ' | ' if message.context else ''}{message.id!r}"
        if message.fuzzy:
            yield f"fuzzy: {label}"
        elif not all(strings):
            yield f"untranslated: {label}"


def update(template: Catalog, locale_dir: Path = LOCALE_DIR) -> None:
    """Merge the template into every .po (obsolete msgids dropped, no fuzzy guesses)."""
    for lang in languages(locale_dir):
        catalog = read(po_path(lang, locale_dir))
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write(catalog, po_path(lang, locale_dir))


def init(lang: str, template: Catalog, locale_dir: Path = LOCALE_DIR) -> Path:
    """A new, empty catalog for ``lang`` from the template."""
    catalog = Catalog(locale=lang, domain=DOMAIN, project=DOMAIN, fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True)
    path = po_path(lang, locale_dir)
    write(catalog, path)
    return path


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every .po compiled to the .mo next to it."""
    written = []
    for lang in languages(locale_dir):
        po = po_path(lang, locale_dir)
        po.with_suffix(".mo").write_bytes(mo_bytes(read(po)))
        written.append(po.with_suffix(".mo"))
    return written


def main(argv: Sequence[str]) -> int:
    """The command line (see the module docstring)."""
    command, *rest = argv or ["help"]
    if command == "extract":
        write(extract(), LOCALE_DIR / f"{DOMAIN}.pot")
    elif command == "init" and rest:
        print(init(rest[0], extract()))
    elif command == "update":
        update(extract())
    elif command == "compile":
        for path in compile_all():
            print(path)
    elif command == "check":
        problems = [p for lang in rest or languages() for p in untranslated(read(po_path(lang)))]
        print("\n".join(problems) or "complete")
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
