"""PDFs the refusal tests need: a scan, blank pages, an encrypted file, many pages."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter


def scanned_pdf(pages: int = 1) -> bytes:
    """A PDF of ``pages`` pages that are images only, as a scanner writes them (Pillow)."""
    from PIL import Image, ImageDraw

    images = []
    for number in range(pages):
        image = Image.new("RGB", (595, 842), "white")
        draw = ImageDraw.Draw(image)
        for line in range(20):  # strokes where the text of a scanned page would be
            draw.rectangle((60, 80 + 30 * line, 520 - 7 * number, 90 + 30 * line), fill="black")
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return _written(writer)


def joined_pdf(*documents: bytes) -> bytes:
    """The pages of ``documents`` in one PDF."""
    writer = PdfWriter()
    for document in documents:
        writer.append(PdfReader(io.BytesIO(document)))
    return _written(writer)


def encrypted_pdf(document: bytes, user_password: str) -> bytes:
    """``document`` encrypted with RC4 (pypdf writes it without a cryptography library); an
    empty ``user_password`` protects only against changes, as many exported PDFs are."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(document)))
    writer.encrypt(user_password=user_password, owner_password="ägare", algorithm="RC4-128")
    return _written(writer)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
