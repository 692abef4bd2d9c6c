"""Validated shapes of what comes in through every door (Python API, JSON API, webhooks)."""
from __future__ import annotations

import unicodedata
import uuid
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator
from pydantic import ValidationError as PydanticValidationError

from .errors import ValidationError

Sensitivity = Literal["standard", "sensitive", "premoderate"]
_ALLOWED_CONTROLS = {"\n", "\t"}


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    external_id: StrictStr = Field(min_length=1, max_length=255)
    title: Optional[StrictStr] = Field(default=None, max_length=500)
    url: Optional[StrictStr] = Field(default=None, max_length=2000)
    sensitivity: Optional[Sensitivity] = None


class CommentIn(BaseModel):
    """A comment as any door hands it over. ``body`` limits are checked by ``validate_comment``."""

    model_config = ConfigDict(extra="forbid")

    source: StrictStr = Field(default="local", pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    external_id: StrictStr = Field(default_factory=lambda: uuid.uuid4().hex, min_length=1, max_length=255)
    article: ArticleIn
    author_id: Optional[StrictStr] = Field(default=None, max_length=255)
    author_name: Optional[StrictStr] = Field(default=None, max_length=255)
    body: StrictStr
    language: Optional[StrictStr] = Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")

    @field_validator("article", mode="before")
    @classmethod
    def _article_shorthand(cls, value: Any) -> Any:
        # ``article="calais"`` is short for ``article={"external_id": "calais"}``.
        return {"external_id": value} if isinstance(value, str) else value

    @field_validator("body")
    @classmethod
    def _clean_body(cls, value: str) -> str:
        return clean_body(value)


def clean_body(value: str) -> str:
    """Normalise line ends and refuse text that is empty, binary or not valid Unicode."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("body is not valid UTF-8 (it holds lone surrogates): send UTF-8 text") from None
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value or not "".join(ch for ch in value if unicodedata.category(ch) not in ("Cf", "Zs", "Cc")).strip():
        raise ValueError("body is empty: send the comment's text")
    controls = sum(1 for ch in value if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    if controls:
        raise ValueError(f"body holds {controls} control character(s) such as NUL: send plain text, not binary data")
    return value


def validate_comment(data: Any, *, max_chars: int) -> CommentIn:
    """Turn any input into a ``CommentIn`` or raise ``ValidationError`` that says what to fix."""
    if isinstance(data, CommentIn):
        comment = data
    else:
        if not isinstance(data, dict):
            raise ValidationError(
                f"a comment must be a JSON object, got {type(data).__name__}",
                [{"field": "", "message": "send an object with article, body and optionally external_id, author_id, author_name"}],
            )
        if isinstance(data.get("body"), (bytes, bytearray)):
            try:
                data = {**data, "body": bytes(data["body"]).decode("utf-8")}
            except UnicodeDecodeError:
                raise ValidationError("body is not valid UTF-8", [{"field": "body", "message": "body is not valid UTF-8: send UTF-8 text"}]) from None
        try:
            comment = CommentIn.model_validate(data)
        except PydanticValidationError as exc:
            raise from_pydantic(exc) from None
    if len(comment.body) > max_chars:
        message = f"body is {len(comment.body)} characters; the limit is {max_chars}"
        raise ValidationError(message, [{"field": "body", "message": message}])
    return comment


def from_pydantic(exc: PydanticValidationError) -> ValidationError:
    errors = []
    for err in exc.errors(include_url=False):
        where = ".".join(str(part) for part in err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        errors.append({"field": where, "message": message})
    summary = "; ".join(f"{e['field'] or 'input'}: {e['message']}" for e in errors)
    return ValidationError(f"invalid comment: {summary}", errors)
