"""Markdown in, safe HTML out: what people write is rendered once and sanitized.

markdown-it-py renders CommonMark with raw HTML disabled; nh3 (Ammonia) then keeps
only an allow-list of tags, attributes and URL schemes, so neither a crafted
Markdown link (`javascript:`) nor a parser quirk can reach a reader's browser.
Links are never fetched for previews.
"""

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "s",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}


def render_markdown(text: str) -> str:
    return nh3.clean(
        _markdown.render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
        filter_style_properties={"text-align"},
    )
