"""The names the first installation of Tablero gave its roles and workflow, before the
instance settings existed. Kept only so ``setup_roles`` renames them in place (never
creating a second group); the country-words test allows this one file for that reason.
"""

#: Role key → names that group had before.
LEGACY_GROUP_NAMES = {"approvers": ("Aprobadores SFP",)}
LEGACY_WORKFLOW_NAMES = ("Aprobación SFP",)
LEGACY_TASK_NAMES = ("Revisión SFP",)
