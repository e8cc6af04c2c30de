"""The shapes of the follow-up routes' answers, so `/openapi.json` says what comes back and
schemathesis checks it: a pledge with its updates, status and flags, as read and after an
update. (A pledge and a recommendation as table rows are the analysis's `PledgeRow` and
`RecommendationRow`.)"""

from __future__ import annotations

from pydantic import BaseModel, Field

from commonground.workspace.followup_records import Pledge


class PledgeAnswer(BaseModel):
    ok: bool = True
    pledge: Pledge


class UpdateAnswer(PledgeAnswer):
    number: int = Field(description="The number of the update just added")
