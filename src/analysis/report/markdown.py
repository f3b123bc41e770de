"""The few Markdown shapes the briefing uses, so the template can style them: headings the contents link to, small
print, caveats, and text from data shown exactly as written."""

from __future__ import annotations

import re

from IPython.display import Markdown

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def plain_markdown(text: str) -> str:
    """Text from data (names, sentences) as Markdown that shows exactly those characters."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def paragraph(text: str) -> Markdown:
    return Markdown(plain_markdown(text))


def heading(text: str, anchor: str, level: int = 2) -> Markdown:
    """A heading the contents can link to."""
    return Markdown(f'{"#" * level} {plain_markdown(text)} <a id="{anchor}"></a>')


def note(text: str) -> Markdown:
    """Small print under a table or chart (the template styles a paragraph that is all emphasis as a note)."""
    return Markdown(f"_{plain_markdown(text)}_")


def caveat(label: str, text: str) -> Markdown:
    """A warning the reader must not miss (the template draws a quotation as a boxed caveat)."""
    return Markdown(f"> **{plain_markdown(label)}** {plain_markdown(text)}")


def bullets(items: list[str]) -> Markdown:
    """A bulleted list, each item shown exactly as written."""
    return Markdown("\n".join(f"- {plain_markdown(item)}" for item in items))


def numbered(items: list[str]) -> Markdown:
    """A numbered list, each item shown exactly as written."""
    return Markdown("\n".join(f"{number}. {plain_markdown(item)}" for number, item in enumerate(items, start=1)))


def source_link(text: str, url: str) -> str:
    """Markdown for a link whose words and address come from data (the address is percent-escaped where Markdown
    would end it)."""
    safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[{plain_markdown(text)}]({safe})"
