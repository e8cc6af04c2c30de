"""Loader names used in facts/datasets.yaml, mapped to the functions that load them."""

from __future__ import annotations

from commonground.evidence.sources import (
    classifications,
    gcm,
    groups,
    manyhealth,
    missing_migrants,
    treaties,
    undesa,
    unhcr,
    untc,
    votes,
    worldbank,
)
from commonground.evidence.sources.context import Importer

LOADERS: dict[str, Importer] = {
    "countrynames": classifications.load_countrynames,
    "development_groups": classifications.load_development_groups,
    "undesa_long": undesa.load_long,
    "undesa_wide_2017": undesa.load_wide_2017,
    "undesa_workbook": undesa.load_workbook_totals,
    "wb_matrix": worldbank.load_matrix,
    "wb_inflows": worldbank.load_inflows,
    "wdi_remittances": worldbank.load_wdi,
    "unhcr_displacement": unhcr.load_displacement,
    "missing_migrants": missing_migrants.load_incidents,
    "hr_treaty_status": treaties.load_status,
    "unvotes_roll_calls": votes.load_roll_calls,
    "unvotes_issues": votes.load_issues,
    "unvotes_votes": votes.load_votes,
    "gcm_vote_check": votes.check_gcm_votes,
    "gcm_objectives": gcm.load_objectives,
    "gcm_actions": gcm.load_actions,
    "untc_index": untc.load_index,
    "untc_record": untc.load_record,
    "manyhealth_memberships": manyhealth.load_memberships,
    "memberstates_groups": groups.load_memberstates,
    "g20_members": groups.load_g20,
    "iigo_processes": groups.load_processes,
}
