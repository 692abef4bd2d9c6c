"""Exceptions raised by the moderation pipeline; HTTP doors turn them into 4xx answers."""
from __future__ import annotations

from typing import Any


class ModerationError(Exception):
    """Base class of the plugin's errors."""

    status_code = 400

    def to_dict(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": str(self)}


class ValidationError(ModerationError, ValueError):
    """Input that cannot be accepted; ``errors`` says which field and what to fix."""

    status_code = 422

    def __init__(self, message: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        if self.errors:
            data["errors"] = self.errors
        return data


class NotFound(ModerationError, LookupError):
    """No such comment, article or moderator."""

    status_code = 404


class ConflictError(ModerationError):
    """The item changed since it was read (someone else decided it first)."""

    status_code = 409


class ConfigurationError(ModerationError):
    """A ``MODERATION_*`` setting has a value the plugin cannot use."""

    status_code = 500
