"""The console's sections, in the order of its tabs: (label, URL name)."""

SECTIONS: tuple[tuple[str, str], ...] = (
    ("Overview", "hr-home"),
    ("Share hub", "hr-share"),
)


def console_tabs(current: str) -> list[dict[str, object]]:
    return [
        {"label": label, "url_name": url_name, "current": url_name == current}
        for label, url_name in SECTIONS
    ]
