"""schemathesis hooks: valid requests also meet what one parameter's schema cannot say.

OpenAPI 3 describes each query parameter alone. What depends on another parameter the
description says in its text and in ``x-`` extensions of the parameter
(planes/api/parameters.py): ``x-requires`` (``search_operator`` needs ``search``),
``x-conflicts`` (``offset`` not with ``order=random``; ``descendant_of`` not with
``child_of``), ``x-page-types`` (a domain filter needs a single page ``type``),
``x-values-by-page-type`` (``status``) and ``x-names-by-page-type`` (the names ``fields``
and ``order`` take for each type). A request generated as valid (positive) that breaks one
of them would be refused with a 400, as the description says; this hook makes such a
request meet them, reading only the description, so schemathesis's check that valid
requests are accepted (``positive_data_acceptance``) holds the API to every rule.
Requests generated as invalid are left alone.

Used by tests/test_api_schema.py and by the command line (README, «API»)::

    SCHEMATHESIS_HOOKS=tests.schemathesis_hooks schemathesis run ...

It imports nothing of the project, so the command line needs no Django settings.
"""

import schemathesis
from schemathesis.generation import GenerationMode

PAGE_TYPE = "type"


def top_level_names(value: str) -> list[str]:
    """The field names a ``fields`` or ``order`` value mentions outside parentheses."""
    parts, depth, current = [], 0, []
    for char in value:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        if depth == 0:
            current.append(char)
    parts.append("".join(current))
    return [p.lstrip("-") for p in parts if p not in ("*", "_", "random", "")]


def _single_type(query: dict) -> str | None:
    value = query.get(PAGE_TYPE)
    return value if isinstance(value, str) and "," not in value else None


def _names_fit(names_by_type: dict, page_type: str | None, value: str) -> bool:
    """Whether every name of ``value`` is one the page type has. Without a single type,
    a listing has the names of every page (``wagtailcore.Page``); a detail, whose page
    may be of any type, only the names every type has."""
    if page_type is not None:
        allowed = set(names_by_type.get(page_type, ()))
    elif "wagtailcore.Page" in names_by_type:
        allowed = set(names_by_type["wagtailcore.Page"])
    else:
        allowed = set.intersection(*(set(n) for n in names_by_type.values()))
    return set(top_level_names(value)) <= allowed


def _type_for(param: dict, query: dict, candidates: list[str]) -> list[str]:
    """The page types among ``candidates`` that fit this parameter's value."""
    value = query[param["name"]]
    if "x-page-types" in param:
        candidates = [t for t in candidates if t in param["x-page-types"]]
    if "x-values-by-page-type" in param:
        by_type = param["x-values-by-page-type"]
        candidates = [t for t in candidates if value in by_type.get(t, ())]
    if "x-names-by-page-type" in param and isinstance(value, str):
        by_type = param["x-names-by-page-type"]
        candidates = [t for t in candidates if _names_fit(by_type, t, value)]
    return candidates


def meet_dependencies(parameters: list[dict], query: dict, *, listing: bool) -> dict:
    """``query`` changed as little as possible to meet the parameters' ``x-`` rules: a
    page type chosen when its filters need one, and what still does not fit left out."""
    query = dict(query)
    typed = [
        p
        for p in parameters
        if p["name"] in query
        and ("x-page-types" in p or "x-values-by-page-type" in p or "x-names-by-page-type" in p)
    ]
    if listing and typed:
        page_type = _single_type(query)
        if page_type is None:
            needs_type = [p for p in typed if "x-page-types" in p or "x-values-by-page-type" in p]
            if needs_type or any(
                not _names_fit(p["x-names-by-page-type"], None, query[p["name"]])
                for p in typed
                if "x-names-by-page-type" in p
            ):
                labels = sorted(
                    {t for p in typed for t in p.get("x-names-by-page-type", {})}
                    | {t for p in typed for t in p.get("x-page-types", ())}
                )
                for p in typed:
                    fitting = _type_for(p, query, labels)
                    if fitting:
                        labels = fitting
                    else:
                        del query[p["name"]]
                if labels and any(p["name"] in query for p in typed):
                    query[PAGE_TYPE] = labels[0]
        page_type = _single_type(query)
        for p in typed:
            if p["name"] in query and not _type_for(p, query, [page_type]):
                del query[p["name"]]
    elif typed:
        for p in typed:
            if "x-names-by-page-type" in p and not _names_fit(
                p["x-names-by-page-type"], None, query[p["name"]]
            ):
                del query[p["name"]]
    for p in parameters:
        if p["name"] not in query:
            continue
        if any(needed not in query for needed in p.get("x-requires", ())):
            del query[p["name"]]
            continue
        for conflict in p.get("x-conflicts", ()):
            other = conflict["name"]
            if other in query and conflict.get("value") in (None, query[other]):
                del query[p["name"]]
                break
    return query


@schemathesis.hook
def map_case(context, case):
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return case
    if not case.query:
        return case
    parameters = [
        p for p in context.operation.definition.raw.get("parameters", ()) if p.get("in") == "query"
    ]
    if not any(key.startswith("x-") for p in parameters for key in p):
        return case
    listing = not context.operation.path.endswith("}/")
    case.query = meet_dependencies(parameters, case.query, listing=listing)
    return case
