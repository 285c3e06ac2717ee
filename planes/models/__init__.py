from .assignment import CommitmentAssignment, CommitmentEditorsGroup, EditorRole
from .commitment import CommitmentPage, CommitmentTag
from .directory import Institution, Organization
from .documents import DocumentChecksum
from .followup import (
    DigestFrequency,
    FollowUpSettings,
    ReminderPreference,
    SentDigest,
    followup_days,
    followup_settings,
)
from .membership import Membership, user_institutions, user_organizations
from .milestone import Activity, MilestonePage, ProgressUpdate
from .periods import (
    EvidencePublication,
    PeriodSnapshot,
    PeriodStatus,
    ReportingPeriod,
    SnapshotKind,
    UpdatePublication,
)
from .plan import ActionPlanPage, PlanMinutes
from .voices import CivilSocietyAssessment, GovernmentResponse

__all__ = [
    "ActionPlanPage",
    "Activity",
    "CivilSocietyAssessment",
    "CommitmentAssignment",
    "CommitmentEditorsGroup",
    "CommitmentPage",
    "CommitmentTag",
    "DigestFrequency",
    "DocumentChecksum",
    "FollowUpSettings",
    "ReminderPreference",
    "SentDigest",
    "followup_days",
    "followup_settings",
    "EditorRole",
    "EvidencePublication",
    "GovernmentResponse",
    "Institution",
    "Membership",
    "MilestonePage",
    "Organization",
    "PeriodSnapshot",
    "PeriodStatus",
    "PlanMinutes",
    "ProgressUpdate",
    "ReportingPeriod",
    "SnapshotKind",
    "UpdatePublication",
    "user_institutions",
    "user_organizations",
]
