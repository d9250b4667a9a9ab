"""The text of an uploaded document, page by page, read in a child process with bounded time and
memory.

The library reads PDF (pypdf), DOCX (python-docx), ODT (odfpy) and PPTX (python-pptx) files. A
file may be hostile (a zip bomb, a PDF whose parser loops, a 2,000-page scan), so the parsing
runs in a separate Python process (``python -m documents.extraction``) with an address-space
limit, a CPU-time limit and a wall-clock timeout: a bad file ends that process, never the worker
or a request. This module imports nothing from Django, so the child starts in a fraction of a
second.

What comes back is an ``Extraction``: the text of each page (a PDF page, a slide, or the whole
of a word-processor file as page 1), a status and, when something was refused or cut, a note in
English that the task stores as a code (the page shows it translated).
"""

import io
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import asdict, dataclass, field

MAX_PAGES = (
    300  # pages read; the rest of a longer document is not searchable (and the page says so)
)
MAX_TEXT_CHARACTERS = 2_000_000  # of text kept for one document (about 1,000 dense pages)
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # inside a DOCX, ODT or PPTX (they are zip files)
MAX_COMPRESSION_RATIO = 200  # a zip member that grows more than this is a bomb
TIMEOUT_SECONDS = 60
CPU_SECONDS = 50
MEMORY_BYTES = 1024 * 1024 * 1024

EXTENSIONS = {"pdf", "docx", "odt", "pptx"}


class Status:
    DONE = "done"  # every page read
    PARTIAL = "partial"  # the first MAX_PAGES pages, or text cut at MAX_TEXT_CHARACTERS
    NO_TEXT = "no-text"  # read, but no text in it (a scan)
    ENCRYPTED = "encrypted"
    UNREADABLE = "unreadable"  # corrupt, a bomb, or the child process ran out of time or memory
    UNSUPPORTED = "unsupported"  # a file type whose text the library does not read


@dataclass
class Extraction:
    status: str
    pages: list = field(default_factory=list)  # [(number, text)]
    page_count: int = 0  # pages in the document, read or not
    detail: str = ""  # for the log, never shown to visitors


def _pdf(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # An owner password only (no password needed to open) still lets the text be read.
        try:
            if not reader.decrypt(""):
                return Extraction(Status.ENCRYPTED)
        except Exception:  # noqa: BLE001 - an unknown encryption: treat as locked
            return Extraction(Status.ENCRYPTED)
    count = len(reader.pages)
    pages = []
    for number, page in enumerate(reader.pages[:MAX_PAGES], start=1):
        pages.append((number, page.extract_text() or ""))
    return _finished(pages, count)


def _check_zip(data):
    """Refuse a zip whose members would grow beyond the limits once inflated."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        total = 0
        for member in archive.infolist():
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if total > MAX_UNCOMPRESSED_BYTES or (
                member.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO
            ):
                raise ValueError(f"zip member {member.filename!r} inflates too much")


def _docx(data):
    import docx

    _check_zip(data)
    document = docx.Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return _finished([(1, "\n".join(texts))], 1)


def _odt(data):
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H, P

    _check_zip(data)
    document = load(io.BytesIO(data))
    texts = [
        teletype.extractText(element)
        for kind in (H, P)
        for element in document.getElementsByType(kind)
    ]
    return _finished([(1, "\n".join(texts))], 1)


def _pptx(data):
    from pptx import Presentation

    _check_zip(data)
    presentation = Presentation(io.BytesIO(data))
    slides = list(presentation.slides)
    pages = []
    for number, slide in enumerate(slides[:MAX_PAGES], start=1):
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        pages.append((number, "\n".join(texts)))
    return _finished(pages, len(slides))


READERS = {"pdf": _pdf, "docx": _docx, "odt": _odt, "pptx": _pptx}


def _finished(pages, count):
    kept, total, cut = [], 0, False
    for number, text in pages:
        text = text.replace("\x00", "").strip()
        if total + len(text) > MAX_TEXT_CHARACTERS:
            text, cut = text[: MAX_TEXT_CHARACTERS - total], True
        total += len(text)
        kept.append((number, text))
        if cut:
            break
    if not any(text for _, text in kept):
        return Extraction(Status.NO_TEXT, [], count)
    partial = cut or count > len(pages)
    return Extraction(Status.PARTIAL if partial else Status.DONE, kept, count)


def read(data, extension):
    """Extract in this process: only for the child process and for tests of the readers."""
    reader = READERS.get(extension.lower())
    if reader is None:
        return Extraction(Status.UNSUPPORTED)
    try:
        return reader(data)
    except MemoryError:
        return Extraction(Status.UNREADABLE, detail="out of memory")
    except Exception as error:  # noqa: BLE001 - a corrupt file is a status, not a crash
        return Extraction(Status.UNREADABLE, detail=f"{type(error).__name__}: {error}"[:500])


def _limit_resources():  # pragma: no cover - runs in the child process
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def extract(data, extension, timeout=TIMEOUT_SECONDS):
    """Extract the text of ``data`` (a file's bytes) in a child process with bounded resources."""
    if extension.lower() not in READERS:
        return Extraction(Status.UNSUPPORTED)
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        finished = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
            [sys.executable, "-m", "documents.extraction", extension.lower()],
            input=data,
            capture_output=True,
            timeout=timeout,
            cwd=here,
            preexec_fn=_limit_resources,  # noqa: PLW1509 - no threads are started before it
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Extraction(Status.UNREADABLE, detail=f"took longer than {timeout} s")
    if finished.returncode != 0:
        error = finished.stderr.decode("utf-8", "replace")[-500:]
        return Extraction(Status.UNREADABLE, detail=f"exit {finished.returncode}: {error}")
    try:
        answer = json.loads(finished.stdout)
        answer["pages"] = [(int(number), str(text)) for number, text in answer["pages"]]
        return Extraction(**answer)
    except (ValueError, TypeError, KeyError) as error:
        return Extraction(Status.UNREADABLE, detail=f"unreadable answer: {error}")


if __name__ == "__main__":  # pragma: no cover - the child process
    result = read(sys.stdin.buffer.read(), sys.argv[1])
    sys.stdout.write(json.dumps(asdict(result)))
