"""The controlled vocabularies of the governance facts, and the five pillars.

A value outside these lists is a typo or a new concept; either way the build stops and says
which values it knows, so that a new kind of role is added here on purpose.
"""

from __future__ import annotations

ACTOR_KINDS = (
    "un_agency",
    "igo",
    "regional_body",
    "economic_community",
    "civil_society",
    "business",
    "local_government",
    "parliament",
    "academia",
    "diaspora",
)
FORUM_KINDS = (
    "un_dialogue",
    "global_forum",
    "review_forum",
    "regional_review",
    "interagency_group",
    "regional_consultative_process",
    "interregional_forum",
    "free_movement_regime",
    "initiative",
    "organ",
    "mechanism",
)
ROLES = (
    "member",
    "founding_member",
    "associate_member",
    "suspended_member",
    "observer",
    "chair",
    "co_chair",
    "troika",
    "host",
    "co_facilitator",
    "organiser",
    "participant",
    "partner",
    "secretariat",
)
# Acts that make a state a party from their date (UNTC terms); a signature alone does not.
PARTY_ACTIONS = (
    "ratification",
    "accession",
    "succession",
    "acceptance",
    "approval",
    "definitive_signature",
    # A source that gives the date a state became a party but not how (manyhealth).
    "consent_to_be_bound",
)
ACTIONS = (*PARTY_ACTIONS, "signature", "entry_into_force")
DOCUMENT_KINDS = (
    "declaration",
    "resolution",
    "compact",
    "report",
    "summary",
    "recommendations",
)
INSTRUMENT_TYPES = ("convention", "protocol", "compact", "declaration", "framework", "agreement")
TRUST = ("official", "secondary", "news", "low")
# How a reader follows a citation: an address; a published document or dated item named by its
# publisher and date; or nothing public was found, which every page showing the row says.
CITATIONS = ("url", "document", "unsourced")
UNSOURCED = "unsourced:"
MIGOF_KINDS = ("principle", "objective")
YES_NO = {"yes": True, "no": False}

# The five pillars as the project's brief describes them; no public source was recorded for
# this wording, so every row says so (see CITATIONS).
DOMAIN = "unsourced: the project brief's description of the five pillars"
# The five pillars as practitioners describe the architecture (brief/domain.md).
PILLARS: dict[int, tuple[str, str]] = {
    1: ("National policies and programmes", "National policies and programmes."),
    2: (
        "Dialogues and exchange of practice",
        "Bilateral, regional (regional consultative processes) and global (GFMD, UN"
        " High-level Dialogues) dialogues and exchange of practice.",
    ),
    3: (
        "Supranational structures",
        "The EU and the regional economic communities (ECOWAS, EAC, SADC, MERCOSUR, ...),"
        " with their free-movement arrangements.",
    ),
    4: (
        "Multilateral agencies",
        "IOM, UNHCR, ILO and the other members of the Global Migration Group, replaced in"
        " 2018 by the UN Network on Migration.",
    ),
    5: (
        "International legal frameworks",
        "The refugee convention and protocol, the migrant workers convention, the ILO"
        " conventions, the Palermo protocols and the other instruments states sign.",
    ),
}
