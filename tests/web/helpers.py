"""Helpers for the web tests: a small HTML tree, form posting with the CSRF token, and a
snapshot of every stored row to show that a refused request changed nothing."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import select

from infointerview.services.workspace import Store
from infointerview.store.models import Base
from infointerview.web.app import create_app
from infointerview.web.security import CSRF_COOKIE

# Elements that never have content or an end tag.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)

# Every row of every table, by table name.
Snapshot = dict[str, list[tuple[Any, ...]]]


@dataclass
class Element:
    """One HTML element: its tag, its attributes (unescaped) and what it contains."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def walk(self) -> Iterator[Element]:
        """Yield this element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()

    def text(self) -> str:
        """Return the text inside this element (entities decoded), whitespace collapsed."""
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return " ".join(" ".join(parts).split())

    def raw_text(self) -> str:
        """Return the text inside this element exactly as parsed (a textarea's value)."""
        return "".join(c if isinstance(c, str) else c.raw_text() for c in self.children)

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """Return the elements inside (and including) this one with ``tag`` and ``attrs``.

        An attribute named with a trailing underscore (``class_``) matches ``class``, and
        underscores stand for hyphens (``aria_current`` is ``aria-current``).
        """
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            e
            for e in self.walk()
            if (tag is None or e.tag == tag)
            and all(e.has(name, value) for name, value in wanted.items())
        ]

    def has(self, name: str, value: str) -> bool:
        """True when attribute ``name`` is ``value`` (for ``class``: one of its classes)."""
        if name == "class":
            return value in self.attrs.get("class", "").split()
        return self.attrs.get(name) == value

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        """Return the one element ``find_all`` finds; fail the test unless there is exactly one."""
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def by_id(self, element_id: str) -> Element:
        """Return the element with this id; fail the test if there is none or several."""
        return self.find(id=element_id)


class _TreeBuilder(HTMLParser):
    """Build an Element tree; end tags close the nearest open element of the same name."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    """Parse an HTML page into an Element tree rooted at a ``#document`` element."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


HTMX = "/static/vendor/htmx-2.0.11.min.js"


def check_scripts(html: str, *, scripts: Sequence[str] = (HTMX,)) -> None:
    """Check that a page runs only ``scripts`` (by default the vendored htmx): no inline
    script, no event-handler attribute, no inline style, no javascript: link, nothing
    loaded from another site."""
    page = parse(html)
    found = page.find_all("script")
    assert [s.attrs.get("src") for s in found] == list(scripts)
    for script in found:
        assert script.raw_text().strip() == ""
    for element in page.walk():
        handlers = [name for name in element.attrs if name.startswith("on")]
        assert handlers == [], (element.tag, handlers)
        assert "style" not in element.attrs, element.tag
        for name in ("href", "src", "action"):
            value = element.attrs.get(name, "")
            assert not value.lower().lstrip().startswith(("javascript:", "data:")), value
    assert page.find_all("style") == []
    for link in page.find_all("link"):
        assert link.attrs["href"].startswith("/static/"), link.attrs
    for element in page.walk():
        if element.tag in ("script", "img", "iframe", "embed", "object", "source"):
            assert element.attrs.get("src", "").startswith("/static/"), element.attrs
    assert (
        "cdn"
        not in " ".join(
            e.attrs.get("src", "") + e.attrs.get("href", "") for e in page.walk()
        ).lower()
    )


def make_client(store: Store) -> TestClient:
    """Return a client for the app on ``store`` that shows redirects and server errors as
    responses (a 500 is a status to assert on, not an exception in the test)."""
    return TestClient(create_app(store), follow_redirects=False, raise_server_exceptions=False)


def csrf_token(client: TestClient, page: str = "/people") -> str:
    """Return the client's CSRF token, GETting ``page`` first when it has no cookie yet."""
    if CSRF_COOKIE not in client.cookies:
        response = client.get(page)
        assert response.status_code == 200, response.text
    token = client.cookies[CSRF_COOKIE]
    assert token
    return token


def submit(client: TestClient, url: str, fields: Mapping[str, str] | None = None) -> Response:
    """POST ``fields`` as a form to ``url`` with the client's own CSRF token added."""
    data = {**(fields or {}), "csrf_token": csrf_token(client)}
    return client.post(url, data=data)


def problems(html: str) -> dict[str, str]:
    """Return the text of each ``<p class="problem" id="NAME-problem">``, by NAME."""
    return {
        e.attrs["id"].removesuffix("-problem"): e.text()
        for e in parse(html).find_all("p", class_="problem")
        if e.attrs.get("id", "").endswith("-problem")
    }


def field_value(html: str, name: str, *, index: int = 0) -> str:
    """Return what the form control ``name`` holds: an input's value or a textarea's text."""
    controls = [
        e
        for e in parse(html).walk()
        if e.tag in ("input", "textarea", "select") and e.attrs.get("name") == name
    ]
    control = controls[index]
    if control.tag == "textarea":
        return control.raw_text().removeprefix("\n")
    if control.tag == "select":
        chosen = [o for o in control.find_all("option") if "selected" in o.attrs]
        return chosen[0].attrs.get("value", "") if chosen else ""
    return control.attrs.get("value", "")


def people_listed(html: str) -> list[int]:
    """Return the ids of the people in the People page's results table, in order."""
    results = parse(html).by_id("people-results")
    return [
        int(link.attrs["href"].removeprefix("/people/"))
        for row in results.find_all("tbody")
        for link in row.find_all("a")
        if link.attrs.get("href", "").startswith("/people/")
    ]


def snapshot(store: Store) -> Snapshot:
    """Return every row of every table, in primary-key order."""
    rows: Snapshot = {}
    with store.database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in connection.execute(query)]
    return rows
