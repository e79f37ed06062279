"""Jinja2 for the workbench: one environment, autoescape always on, and `render`.

Article text is untrusted, so every template escapes by default and no template marks article
text safe; markup that mixes article text with our own tags is built in `highlight`, which
escapes each text piece itself. `render` adds who is logged in and their CSRF token so every
page can show the login state and every write form can carry its token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from docket.web.titles import human_date

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


def span_href(document: str, start: int, end: int) -> str:
    """A link to words of a document: the document page scrolls to and marks them.

    The query names the span too, so the page can mark any span (a sentence, a count), not
    only those it highlights anyway; the fragment is the mark's id.
    """
    return (f"/documents/{quote(document, safe='')}?span={int(start)}-{int(end)}"
            f"#span-{int(start)}-{int(end)}")


def bdi(value: Any) -> Markup:
    """Data (a title, an outlet, a file name) isolated from the page's own text direction:
    a right-to-left override inside stays inside (issue 14), and the text is escaped."""
    return Markup('<bdi dir="auto">') + escape("" if value is None else value) + Markup("</bdi>")


def latin(name: Any, known: Any = None) -> str:
    """The Latin form shown beside a Cyrillic name (`known`: the one the ledger stored for the
    entity, from the name's nominative), or "" when the name is already in Latin letters."""
    from docket.workflows.search_index import latin_form

    text = "" if name is None else str(name)
    found = known if isinstance(known, str) and known else latin_form(text)
    return "" if not found or found == text else found


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        # Every template, whatever its suffix: nothing is rendered unescaped by accident.
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["span_href"] = span_href
    env.globals["human_date"] = human_date
    env.filters["bdi"] = bdi
    env.filters["latin"] = latin
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """Render a page with the globals every page needs: `user` and `csrf`."""
    from docket.web.auth import csrf_token, current_user

    context.setdefault("user", current_user(request))
    context.setdefault("csrf", csrf_token(request))
    # Work the background writer still has to do after a judgement: pages may be stale.
    writer = getattr(request.app.state, "writer", None)
    context.setdefault("relinking", writer is not None and writer.pending)
    return templates.TemplateResponse(request, name, context, status_code=status_code)
