"""Writing XML text fast: escaping and tags as plain strings (no DOM on the hot path)."""
from __future__ import annotations


def escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        # A raw CR would be normalised away by the reader's parser.
        text = text.replace("\r", "&#13;")
    return text


def escape_attr(text: str) -> str:
    text = escape(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


def namespace_attr(namespace) -> str:
    """The ``xmlns`` attribute text (with leading space) for a model's ``xmlNamespace`` trait."""
    if not namespace:
        return ""
    if isinstance(namespace, str):
        return f' xmlns="{escape_attr(namespace)}"'
    uri = namespace.get("uri", "")
    prefix = namespace.get("prefix")
    name = f"xmlns:{prefix}" if prefix else "xmlns"
    return f' {name}="{escape_attr(uri)}"'


def local_name(tag: str) -> str:
    """An ElementTree tag without its ``{namespace}``."""
    if tag[:1] == "{":
        return tag[tag.find("}") + 1:]
    return tag
