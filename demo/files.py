"""Small, valid placeholder files for demo evidence (PDF and XLSX), made on the fly."""

import io

from openpyxl import Workbook


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def placeholder_pdf(title: str) -> bytes:
    """A one-page PDF that says it is illustrative demo evidence."""
    lines = [title[:90], "Documento ilustrativo del contenido de demostración de Tablero."]
    text_ops = "".join(
        f"BT /F1 12 Tf 72 {740 - 20 * i} Td ({_pdf_escape(_latin1(line))}) Tj ET\n"
        for i, line in enumerate(lines)
    )
    stream = text_ops.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def placeholder_xlsx(title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Datos"
    sheet.append(["Documento ilustrativo", title])
    sheet.append(["Nota", "Contenido de demostración de Tablero; las cifras no son reales."])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def placeholder_file(filename: str, title: str) -> bytes:
    if filename.endswith(".xlsx"):
        return placeholder_xlsx(title)
    return placeholder_pdf(title)
