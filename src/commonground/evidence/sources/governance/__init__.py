"""The curated governance map (facts/governance/*.csv): validated, then loaded by the build."""

from commonground.evidence.sources.governance.files import default_dir
from commonground.evidence.sources.governance.store import store_governance
from commonground.evidence.sources.governance.validate import Governance, read_governance

__all__ = ["Governance", "default_dir", "read_governance", "store_governance"]
