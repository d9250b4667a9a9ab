"""Small real documents built in the tests: PDFs (any script, several columns, many pages, no
text, encrypted), DOCX, ODT and PPTX files, and hostile ones.

The PDFs are written object by object: each page's text is drawn with a Type0 font whose
``ToUnicode`` map says which character each glyph is, as a PDF made by a word processor does,
so that any script (Thai included) is extracted as text. No font program is embedded: a viewer
would draw boxes, but the text layer, which is what search reads, is complete.
"""

import io
import zipfile


def _pdf_string(data):
    return data.encode("latin-1") if isinstance(data, str) else data


def make_pdf(pages, columns=1):
    """A PDF with one page per item of ``pages``: a string (its text, ``columns`` side by side
    when a list of strings), or None for a page with no text (a scan)."""
    characters = sorted({ch for page in pages if page for text in _texts(page) for ch in text})
    cid = {ch: index + 1 for index, ch in enumerate(characters)}
    objects = {}
    objects[1] = "<< /Type /Catalog /Pages 2 0 R >>"
    font, descendant, descriptor, cmap = 3, 4, 5, 6
    objects[font] = (
        f"<< /Type /Font /Subtype /Type0 /BaseFont /Sample /Encoding /Identity-H "
        f"/DescendantFonts [{descendant} 0 R] /ToUnicode {cmap} 0 R >>"
    )
    objects[descendant] = (
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Sample /CIDSystemInfo "
        f"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor {descriptor} 0 R /DW 500 /CIDToGIDMap /Identity >>"
    )
    objects[descriptor] = (
        "<< /Type /FontDescriptor /FontName /Sample /Flags 32 /FontBBox [0 -200 1000 900] "
        "/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"
    )
    mappings = "\n".join(
        f"<{number:04X}> <{''.join(f'{unit:04X}' for unit in _utf16(ch))}>"
        for ch, number in cid.items()
    )
    cmap_stream = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
        "/CMapName /Sample-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> "
        f"endcodespacerange {len(cid)} beginbfchar\n{mappings}\nendbfchar endcmap "
        "CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    objects[cmap] = cmap_stream
    kids = []
    next_number = 7
    for page in pages:
        page_number, content_number = next_number, next_number + 1
        next_number += 2
        kids.append(page_number)
        drawing = []
        for column, text in enumerate(_texts(page) if page else []):
            lines = text.split("\n")
            x = 50 + column * 280
            drawing.append(f"BT /F1 10 Tf 12 TL {x} 780 Td")
            for line in lines:
                glyphs = "".join(f"{cid[ch]:04X}" for ch in line)
                drawing.append(f"<{glyphs}> Tj T*")
            drawing.append("ET")
        objects[content_number] = "\n".join(drawing).encode()
        objects[page_number] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content_number} 0 R >>"
        )
    objects[2] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{kid} 0 R' for kid in kids)}] /Count {len(kids)} >>"
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        body = objects[number]
        if isinstance(body, bytes):
            out.write(f"{number} 0 obj\n<< /Length {len(body)} >>\nstream\n".encode())
            out.write(body + b"\nendstream\nendobj\n")
        else:
            out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    start = out.tell()
    count = max(objects) + 1
    out.write(f"xref\n0 {count}\n0000000000 65535 f \n".encode())
    for number in range(1, count):
        out.write(f"{offsets[number]:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {count} /Root 1 0 R >>\nstartxref\n{start}\n%%EOF\n".encode())
    return out.getvalue()


def _texts(page):
    return page if isinstance(page, list | tuple) else [page]


def _utf16(ch):
    data = ch.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def encrypted_pdf(text="Secret plan", password="s3cret"):  # noqa: S107 - a test file's password
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([text]))))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(paragraphs):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_odt(paragraphs):
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for text in paragraphs:
        document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def make_pptx(slides):
    from pptx import Presentation

    presentation = Presentation()
    for text in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[5])
        slide.shapes.title.text = text
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def zip_bomb_docx(megabytes=20):
    """A "DOCX" whose document part inflates from a few kilobytes to ``megabytes``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * megabytes * 1024 * 1024)
    return out.getvalue()
