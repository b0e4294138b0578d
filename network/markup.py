"""Markdown in, safe HTML out: what people write is rendered once and sanitized.

markdown-it-py renders CommonMark with raw HTML disabled, plus two inline rules of
ours: @mentions (linked only for the people the caller resolved as allowed to see
the text) and #hashtags. Neither fires inside code. nh3 (Ammonia) then keeps only
an allow-list of tags, attributes, classes and URL schemes, so neither a crafted
Markdown link (`javascript:`) nor a parser quirk reaches a reader's browser.
Links are never fetched for previews.
"""

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

MENTION = re.compile(r"@([A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*)")
HASHTAG = re.compile(r"#(\w{1,50})")
_NOT_AFTER = re.compile(r"[\w@#&/]")


def mentioned_usernames(text: str) -> set[str]:
    return {name.lower() for name in MENTION.findall(text)}


def hashtag_name(tag: str) -> str | None:
    """``tag`` as a stored hashtag name, or None if no text could make it one."""
    match = re.fullmatch(r"\w{1,50}", tag)
    return tag.lower() if match and not tag.isdigit() else None


def hashtags_in(text: str) -> set[str]:
    return {tag.lower() for tag in HASHTAG.findall(text) if not tag.isdigit()}


def _tag_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    marker = state.src[start]
    if marker not in "@#" or (start > 0 and _NOT_AFTER.match(state.src[start - 1])):
        return False
    if state.linkLevel > 0:  # inside a link's text: a link in a link is no link
        return False
    if marker == "@":
        match = MENTION.match(state.src, start)
        href = match and state.env.get("mentions", {}).get(match.group(1).lower())
        css = "mention"
    else:
        match = HASHTAG.match(state.src, start)
        tag = match and match.group(1)
        href = tag and not tag.isdigit() and f"/hashtags/{tag.lower()}/"
        css = "hashtag"
    if not href:
        return False
    if not silent:
        link = state.push("link_open", "a", 1)
        link.attrs = {"href": href, "class": css}
        state.push("text", "", 0).content = match.group(0)
        state.push("link_close", "a", -1)
    state.pos = match.end()
    return True


_markdown = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_markdown.inline.ruler.after("text", "bridge_tags", _tag_rule)

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


def render_markdown(text: str, *, mentions: dict[str, str] | None = None) -> str:
    """Render ``text``; ``mentions`` maps lower-cased usernames to profile URLs."""
    return nh3.clean(
        _markdown.render(text, {"mentions": mentions or {}}),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes={"a": {"mention", "hashtag"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
        filter_style_properties={"text-align"},
    )
