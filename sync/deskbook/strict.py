"""The strict base of every settings file (deskbook.toml, rules files) and how its mistakes read.

Every model forbids keys it does not know, so a misspelt key is an error rather than a setting
silently left at its default; `parse` turns pydantic's errors into `Problem`s that the office
reads in its own language, each naming the key path, quoting the value and, for an unknown key,
the nearest valid one.
"""

from __future__ import annotations

import difflib
import json
import types
from collections.abc import Sequence
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from deskbook.errors import ConfigError, Problem
from deskbook.i18n import LANGUAGES, messages


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Frozen(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True)


Model = TypeVar("Model", bound=BaseModel)

# pydantic's error types -> the message in messages.toml [config] that tells what was wrong.
_WRONG_TYPE = {
    "int_type": "not-integer",
    "int_parsing": "not-integer",
    "int_from_float": "not-integer",
    "float_type": "not-number",
    "float_parsing": "not-number",
    "decimal_type": "not-number",
    "decimal_parsing": "not-number",
    "finite_number": "not-number",
    "bool_type": "not-boolean",
    "bool_parsing": "not-boolean",
    "string_type": "not-text",
    "path_type": "not-text",
    "dict_type": "not-table",
    "model_type": "not-table",
    "model_attributes_type": "not-table",
    "list_type": "not-list",
    "tuple_type": "not-list",
    "set_type": "not-list",
    "iterable_type": "not-list",
}
_BOUNDS = {
    "greater_than": ("more-than", "gt"),
    "greater_than_equal": ("at-least", "ge"),
    "less_than": ("less-than", "lt"),
    "less_than_equal": ("at-most", "le"),
}


def invalid(what: str, **params: Any) -> PydanticCustomError:
    """A validator's complaint, told later in the office's language: config.<what> in
    messages.toml, filled with `params`."""
    return PydanticCustomError(what, messages()["config"][what]["en"], params)


def office_language(data: object) -> str | None:
    """[office] language of a settings file that parsed as TOML, if it is one we speak."""
    office = data.get("office") if isinstance(data, dict) else None
    lang = office.get("language") if isinstance(office, dict) else None
    return lang if lang in LANGUAGES else None


def parse(
    model: type[Model],
    data: dict[str, Any],
    path: str,
    *,
    key: str = "config-invalid",
    prefix: tuple[str, ...] = (),
    lang: str | None = None,
) -> Model:
    """`data` as `model`, or a ConfigError naming the file at `path` and every mistake in it;
    `prefix` is where `data` sits in that file (("service",) for [service])."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [problem(model, err, prefix) for err in exc.errors()]
        raise ConfigError(key, problems=problems, lang=lang, path=path) from exc


def problem(model: type[BaseModel], err: ErrorDetails, prefix: tuple[str, ...] = ()) -> Problem:
    loc = tuple(str(part) for part in err["loc"])
    where = ".".join((*prefix, *loc))
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if "-" in kind and kind in messages()["config"]:
        params = dict(ctx)
        nearest = params.pop("nearest", "")
        return Problem(where, kind, params, f"{where}.{nearest}" if nearest else None)
    if kind == "extra_forbidden":
        nearest = difflib.get_close_matches(loc[-1], _keys_at(model, loc[:-1]), n=1)
        suggestion = ".".join((*prefix, *loc[:-1], nearest[0])) if nearest else None
        return Problem(where, "unknown-key", {}, suggestion)
    if kind == "missing":
        return Problem(where, "missing-key")
    if kind in ("literal_error", "enum"):
        choices = _choices_at(model, loc) or str(ctx.get("expected", ""))
        return Problem(where, "not-a-choice", {"value": _shown(value), "choices": choices})
    if kind in _WRONG_TYPE:
        return Problem(where, _WRONG_TYPE[kind], {"value": _shown(value)})
    if kind in _BOUNDS:
        what, bound = _BOUNDS[kind]
        return Problem(where, what, {"value": _shown(value), "limit": ctx[bound]})
    reason = err["msg"].removeprefix("Value error, ")
    return Problem(where, "invalid", {"value": _shown(value), "reason": reason})


def _shown(value: object) -> str:
    """A value as it was typed in TOML, cut short: a whole table would drown the message."""
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, str | int | float):
        shown = str(value)
    else:
        shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _unwrap(annotation: Any) -> list[Any]:
    """The types an annotation may hold: Optional and unions opened, Annotated stripped."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [t for arg in get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _step(annotation: Any, part: str) -> Any:
    for kind in _unwrap(annotation):
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(part)
            if field is not None:
                return field.annotation
        origin, args = get_origin(kind), get_args(kind)
        if origin is dict and args:
            return args[0] if part == "[key]" else args[1]
        if origin in (list, tuple, set, frozenset) and args:
            return args[0]
    return None


def _annotation_at(model: type[BaseModel], loc: Sequence[str]) -> Any:
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return None
    return annotation


def _keys_at(model: type[BaseModel], loc: Sequence[str]) -> list[str]:
    """The keys a table at `loc` may hold (fields the loader fills in itself left out)."""
    keys: list[str] = []
    for kind in _unwrap(_annotation_at(model, loc)):
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            keys += [name for name, f in kind.model_fields.items() if not f.exclude]
    return keys


def _choices_at(model: type[BaseModel], loc: Sequence[str]) -> str:
    found = [
        str(choice)
        for kind in _unwrap(_annotation_at(model, loc))
        if get_origin(kind) is Literal
        for choice in get_args(kind)
    ]
    return ", ".join(found)
