"""The console's sections, in the order of its tabs: (label, URL name)."""

SECTIONS: tuple[tuple[str, str], ...] = (
    ("Overview", "hr-home"),
    ("Redemptions", "hr-redemptions"),
    ("Rules", "hr-rules"),
    ("Budgets", "hr-budgets"),
    ("Catalog", "hr-catalog"),
    ("Badges", "hr-badges"),
    ("People", "hr-people"),
    ("Reports", "hr-reports"),
    ("Audit trail", "hr-audit"),
    ("Share hub", "hr-share"),
)


def console_tabs(current: str) -> list[dict[str, object]]:
    return [
        {"label": label, "url_name": url_name, "current": url_name == current}
        for label, url_name in SECTIONS
    ]
