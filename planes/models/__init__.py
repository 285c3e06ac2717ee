from .assignment import CommitmentAssignment, EditorRole
from .commitment import CommitmentPage, CommitmentTag
from .directory import Institution, Organization
from .documents import DocumentChecksum
from .milestone import Activity, MilestonePage, ProgressUpdate
from .periods import PeriodSnapshot, PeriodStatus, ReportingPeriod, SnapshotKind
from .plan import ActionPlanPage, PlanMinutes

__all__ = [
    "ActionPlanPage",
    "Activity",
    "CommitmentAssignment",
    "CommitmentPage",
    "CommitmentTag",
    "DocumentChecksum",
    "EditorRole",
    "Institution",
    "MilestonePage",
    "Organization",
    "PeriodSnapshot",
    "PeriodStatus",
    "PlanMinutes",
    "ProgressUpdate",
    "ReportingPeriod",
    "SnapshotKind",
]
