"""Markdown to safe HTML: markdown-it-py (CommonMark, raw HTML off) then nh3 (an allow-list
of tags and attributes; links only to http, https and mailto, with rel=noopener)."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def to_html(text: str) -> str:
    """Sanitised HTML for a Markdown text; scripts, event handlers, SVG and `javascript:`
    links come out inert (dropped or escaped)."""
    raw = _MD.render(text or "")
    return nh3.clean(
        raw,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
