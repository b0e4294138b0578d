"""Files for upload tests, made in memory: real images, documents and impostors."""

import io
import os
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (64, 48), *, gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    out = io.BytesIO()
    if gps:
        exif = image.getexif()
        exif[0x010F] = "SecretCam"  # camera make
        exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def image(name: str = "photo.png", fmt: str = "PNG", **kwargs: object) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type="image/png")


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    content = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name: str = "plan.docx") -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")


def text(name: str = "notes.csv", content: bytes = b"a,b\n1,2\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def html_as_png() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "cat.png", b"<html><script>alert(document.cookie)</script></html>", content_type="image/png"
    )


def svg_with_script() -> SimpleUploadedFile:
    content = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>x</script></svg>'
    return SimpleUploadedFile("logo.svg", content, content_type="image/svg+xml")


def exe_as_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "invoice.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf"
    )


def corrupt_png() -> SimpleUploadedFile:
    noise = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    truncated = out.getvalue()[: len(out.getvalue()) // 2]
    return SimpleUploadedFile("broken.png", truncated, content_type="image/png")
