"""The CMS webhook envelope: ``{"type": ..., "timestamp": ..., "data": {...}}``, one model per event type.

The union is discriminated on ``type``, so an unknown type or a field that
does not belong to that type's ``data`` is a 422 that names the field.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StrictStr, TypeAdapter, field_validator
from pydantic import ValidationError as PydanticValidationError

from .errors import ValidationError
from .schemas import Sensitivity

#: Event types a source may send.
EVENT_TYPES = ("comment.created", "comment.updated", "comment.deleted", "article.updated")

_Id = Annotated[StrictStr, Field(min_length=1, max_length=255)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ArticleData(_Strict):
    """An article as the CMS knows it; ``id`` is the CMS's own id."""

    id: _Id
    title: Optional[StrictStr] = Field(default=None, max_length=500)
    url: Optional[StrictStr] = Field(default=None, max_length=2000)
    sensitivity: Optional[Sensitivity] = None


class CommentData(_Strict):
    """A comment as the CMS knows it; ``id`` is the CMS's own id (unique per source)."""

    id: _Id
    article: ArticleData
    body: StrictStr
    author_id: Optional[StrictStr] = Field(default=None, max_length=255)
    author_name: Optional[StrictStr] = Field(default=None, max_length=255)
    language: Optional[StrictStr] = Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")

    @field_validator("article", mode="before")
    @classmethod
    def _article_shorthand(cls, value: Any) -> Any:
        # ``"article": "calais"`` is short for ``"article": {"id": "calais"}``.
        return {"id": value} if isinstance(value, str) else value


class DeletedData(_Strict):
    id: _Id


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid")

    timestamp: dt.datetime


class CommentCreated(_Envelope):
    type: Literal["comment.created"]
    data: CommentData


class CommentUpdated(_Envelope):
    type: Literal["comment.updated"]
    data: CommentData


class CommentDeleted(_Envelope):
    type: Literal["comment.deleted"]
    data: DeletedData


class ArticleUpdated(_Envelope):
    type: Literal["article.updated"]
    data: ArticleData


WebhookEvent = Annotated[
    Union[CommentCreated, CommentUpdated, CommentDeleted, ArticleUpdated],
    Field(discriminator="type"),
]
_adapter: TypeAdapter[Any] = TypeAdapter(WebhookEvent)


def parse_event(data: Any) -> CommentCreated | CommentUpdated | CommentDeleted | ArticleUpdated:
    """Validate a decoded webhook body, or raise ``ValidationError`` listing every bad field."""
    if not isinstance(data, dict):
        raise ValidationError(
            f"a webhook body must be a JSON object, got {type(data).__name__}",
            [{"field": "", "message": 'send {"type": ..., "timestamp": ..., "data": {...}}'}],
        )
    try:
        return _adapter.validate_python(data)  # type: ignore[no-any-return]
    except PydanticValidationError as exc:
        errors = []
        for err in exc.errors(include_url=False):
            loc = list(err["loc"])
            if loc and loc[0] in EVENT_TYPES:
                loc = loc[1:]  # the union's tag, not a field of the payload
            if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
                loc = ["type"]
            errors.append({"field": ".".join(str(part) for part in loc), "message": err["msg"].removeprefix("Value error, ")})
        summary = "; ".join(f"{e['field'] or 'input'}: {e['message']}" for e in errors)
        raise ValidationError(f"invalid webhook payload: {summary}", errors) from None


#: How a ``CommentIn`` field maps back to the webhook's ``data`` field, for error messages.
COMMENT_FIELDS = {
    "external_id": "data.id",
    "article.external_id": "data.article.id",
    "article.title": "data.article.title",
    "article.url": "data.article.url",
    "article.sensitivity": "data.article.sensitivity",
    "body": "data.body",
    "author_id": "data.author_id",
    "author_name": "data.author_name",
    "language": "data.language",
}


def comment_in(source: str, data: CommentData) -> dict[str, Any]:
    """The ``service.submit`` input for a webhook comment."""
    article = {"external_id": data.article.id}
    for field in ("title", "url", "sensitivity"):
        value = getattr(data.article, field)
        if value is not None:
            article[field] = value
    comment: dict[str, Any] = {"source": source, "external_id": data.id, "article": article, "body": data.body}
    for field in ("author_id", "author_name", "language"):
        value = getattr(data, field)
        if value is not None:
            comment[field] = value
    return comment
