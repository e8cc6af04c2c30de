"""Notes: the first kind of reviewed record, and the example of how to add one.

A note is written by an organisation about something on the map, named by its stable key
(`country:MAR`, `forum:gfmd`, `instrument:icmw`, `meeting:gfmd-2008`, `objective:5`,
`actor:iom`), with a Markdown body and links. Registering a kind is the model of its
data (with the limits of each field), the fields of its form, and the keys it points at.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from commonground.workspace.answers import RecordData
from commonground.workspace.review import FormField, Kind, register

REF_KINDS = ("country", "instrument", "forum", "meeting", "objective", "actor")
REF = rf"^({'|'.join(REF_KINDS)}):[A-Za-z0-9._-]{{1,64}}$"
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=500)]


class NoteData(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    about: Annotated[str, StringConstraints(pattern=REF, max_length=80)]
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    body: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    links: Annotated[list[Url], Field(max_length=20)] = []


def _refs(data: RecordData) -> list[str]:
    return [str(data["about"])] if data.get("about") else []


NOTE = register(
    Kind(
        name="note",
        label="Note",
        model=NoteData,
        fields=(
            FormField("about", "About", help="what on the map: country:MAR, forum:gfmd, ..."),
            FormField("title", "Title"),
            FormField("body", "Text", widget="markdown", help="Markdown"),
            FormField("links", "Links", widget="lines", help="one http(s) address a line"),
        ),
        refs=_refs,
        markdown=("body",),
    )
)
