"""What an uploaded file really is, and a clean copy of it to store.

Judged by content, never by name or by the browser's Content-Type: Pillow
identifies images among PNG, JPEG, GIF and WebP only, `filetype` recognises PDF
and Office documents by their magic bytes, and anything else must be UTF-8 text
that does not look like markup. Images are decoded and re-encoded: that drops
EXIF (GPS positions), comments and text chunks, and turns a polyglot (an image
that is also HTML or a ZIP) into plain pixels. Decoded sizes are bounded before
decoding, so a small "decompression bomb" is refused cheaply.

Errors are Django ``ValidationError`` messages; the services put them on a field.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

IMAGE_FORMATS = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
}
TEXT_EXTENSIONS = {"txt": "text/plain", "csv": "text/csv", "md": "text/plain", "log": "text/plain"}
ALLOWED_TEXT = "PNG, JPEG, GIF or WebP images; PDF, Word, Excel, PowerPoint, text or CSV files"
# What a browser could take for a page or a script: never accepted as "text", by
# content (markup near the start) or by name (someone meant it to be opened as such).
MARKUP = re.compile(rb"<(?:!doctype|html|head|body|script|svg|\?xml|iframe|object|embed)\b", re.I)
MARKUP_EXTENSIONS = {"htm", "html", "xhtml", "svg", "svgz", "xml", "js", "mjs", "hta"}
THUMBNAIL_BOX = (640, 640)
AVATAR_SIZE = (256, 256)
COVER_SIZE = (1500, 500)
MAX_FRAMES = 200
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError)


@dataclass(frozen=True)
class CleanFile:
    """A checked file ready to store: its bytes, canonical name and type."""

    name: str
    content: bytes
    content_type: str
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def extension(self) -> str:
        return self.name.rsplit(".", 1)[-1]


def read_limited(upload: object, limit: int) -> bytes:
    """The upload's bytes, refusing before reading anything past ``limit``."""
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(f"{_name_of(upload)} is larger than {filesizeformat(limit)}.")
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"{_name_of(upload)} is larger than {filesizeformat(limit)}.")
    if not data:
        raise ValidationError(f"{_name_of(upload)} is empty.")
    return data


def _name_of(upload: object) -> str:
    return display_name(getattr(upload, "name", "") or "The file")


def display_name(raw: str, extension: str | None = None) -> str:
    """A name safe to show and to offer for download: no path, no control
    characters, at most 150 characters, ending in the extension of what it is."""
    name = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if extension is None:
        return name[:150] or "file"
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem[:140].strip(' .') or 'file'}.{extension}"


def _open_image(data: bytes, name: str) -> Image.Image | None:
    """The image if the bytes are one of the allowed formats; None if not an image."""
    try:
        image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
    except UnidentifiedImageError:
        return None
    except UNREADABLE:
        raise ValidationError(f"{name} is not a readable image.") from None
    width, height = image.size
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_FRAMES or width * height * frames > settings.UPLOAD_MAX_PIXELS:
        raise ValidationError(f"{name} is too large an image ({width} x {height} pixels).")
    try:
        image.verify()  # structure and checksums; the image cannot be used afterwards
        image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
        image.load()
    except UNREADABLE:
        raise ValidationError(f"{name} is not a readable image (corrupt or truncated).") from None
    return image


def _clean_frame(frame: Image.Image, *, alpha: bool) -> Image.Image:
    """Pixels only: a fresh image carries none of the source's metadata."""
    frame = frame.convert("RGBA" if alpha else "RGB")
    frame.info = {}
    return frame


def _has_alpha(image: Image.Image) -> bool:
    return "A" in image.getbands() or "transparency" in image.info


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=88, optimize=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=85, method=4)
    else:
        image.save(out, fmt, optimize=True)
    return out.getvalue()


def _reencode(image: Image.Image) -> bytes:
    fmt = image.format
    if fmt in {"GIF", "WEBP", "PNG"} and getattr(image, "n_frames", 1) > 1:
        frames = [_clean_frame(frame, alpha=True) for frame in ImageSequence.Iterator(image)]
        durations = [frame.info.get("duration", 100) for frame in ImageSequence.Iterator(image)]
        out = io.BytesIO()
        frames[0].save(
            out, fmt, save_all=True, append_images=frames[1:], duration=durations, loop=0
        )
        return out.getvalue()
    still = ImageOps.exif_transpose(image)  # keep how it looked, then forget the EXIF
    return _encode(_clean_frame(still, alpha=fmt != "JPEG" and _has_alpha(still)), fmt)


def _thumbnail(image: Image.Image) -> bytes:
    image.seek(0)
    still = ImageOps.exif_transpose(image)
    still = _clean_frame(still, alpha=_has_alpha(still))
    still.thumbnail(THUMBNAIL_BOX)
    return _encode(still, "WEBP")


def _image_file(image: Image.Image, raw_name: str) -> CleanFile:
    """An allowed image, re-encoded in its own format, with a WebP thumbnail."""
    content_type, extension = IMAGE_FORMATS[image.format]
    oriented = ImageOps.exif_transpose(image)
    return CleanFile(
        name=display_name(raw_name, extension),
        content=_reencode(image),
        content_type=content_type,
        width=oriented.width,
        height=oriented.height,
        thumbnail=_thumbnail(image),
    )


def _clean_document(data: bytes, raw_name: str) -> CleanFile | None:
    kind = filetype.guess(data)
    if kind is None or kind.mime not in DOCUMENT_TYPES:
        return None
    name = display_name(raw_name)
    if kind.mime == "application/pdf":
        if not data.startswith(b"%PDF-"):
            return None
    else:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())  # the directory only: nothing is inflated
        except (zipfile.BadZipFile, OSError):
            raise ValidationError(f"{name} is a damaged Office document.") from None
        if "[Content_Types].xml" not in names:
            raise ValidationError(f"{name} is a damaged Office document.")
    return CleanFile(
        name=display_name(raw_name, DOCUMENT_TYPES[kind.mime]),
        content=data,
        content_type=kind.mime,
    )


def _clean_text(data: bytes, raw_name: str) -> CleanFile | None:
    name = display_name(raw_name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if filetype.guess(data) is not None or b"\x00" in data or extension in MARKUP_EXTENSIONS:
        return None
    if MARKUP.search(data[:4096]):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if extension not in TEXT_EXTENSIONS:
        name, extension = f"{name}.txt", "txt"
    return CleanFile(name=name, content=data, content_type=TEXT_EXTENSIONS[extension])


def clean_attachment(upload: object) -> CleanFile:
    """Any allowed attachment: an image, a document, or plain text."""
    data = read_limited(upload, settings.ATTACHMENT_MAX_BYTES)
    raw_name = getattr(upload, "name", "") or "file"
    image = _open_image(data, display_name(raw_name))
    if image is not None:
        return _image_file(image, raw_name)
    cleaned = _clean_document(data, raw_name) or _clean_text(data, raw_name)
    if cleaned is None:
        raise ValidationError(
            f"{display_name(raw_name)}: this type of file is not accepted. Attach {ALLOWED_TEXT}."
        )
    return cleaned


def _square_or_banner(upload: object, size: tuple[int, int]) -> CleanFile:
    data = read_limited(upload, settings.IMAGE_UPLOAD_MAX_BYTES)
    raw_name = getattr(upload, "name", "") or "image"
    image = _open_image(data, display_name(raw_name))
    if image is None:
        raise ValidationError("Upload a PNG, JPEG, GIF or WebP image.")
    image.seek(0)
    still = ImageOps.exif_transpose(image)
    still = _clean_frame(still, alpha=_has_alpha(still))
    fitted = ImageOps.fit(still, size, method=Image.Resampling.LANCZOS)
    return CleanFile(
        name=display_name(raw_name, "webp"),
        content=_encode(fitted, "WEBP"),
        content_type="image/webp",
        width=size[0],
        height=size[1],
    )


def clean_avatar(upload: object) -> CleanFile:
    """A square avatar, centred and cropped, whatever the shape of the upload."""
    return _square_or_banner(upload, AVATAR_SIZE)


def clean_cover(upload: object) -> CleanFile:
    """A 3:1 cover banner, centred and cropped."""
    return _square_or_banner(upload, COVER_SIZE)
