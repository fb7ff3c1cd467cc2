"""Bilingual text used throughout the catalogue."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Text(BaseModel):
    """A text in Swedish and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sv: str
    en: str
