"""The scale check's starting point (bench/scale_check.py), run in its environment.

Prints one JSON object: the approver's session cookie (as after logging in with the
password and the authenticator app), and one milestone of the demo's first commitment
that a government editor has just changed and sent to review (a submission waiting for
the approver), with the public URLs that show it.
"""

import json

from django.contrib.auth import get_user_model  # noqa: I001
from targets import approver_cookie  # sets Django up first (bench/targets.py)
from wagtail.models import Page

from planes.models import CommitmentPage, MilestonePage

EDITOR = "gobierno"
MARK = "(comprobado en dos servidores)"


def submitted_milestone() -> dict:
    editor = get_user_model().objects.get(username=EDITOR)
    commitment = CommitmentPage.objects.live().filter(number=1).order_by("path").first()
    milestone = MilestonePage.objects.live().child_of(commitment).order_by("path").first()
    old_title = milestone.title
    page = milestone.get_latest_revision_as_object()
    page.title = f"{old_title} {MARK}"
    revision = page.save_revision(user=editor)
    workflow = page.get_workflow()
    state = workflow.start(page, editor)
    plan = Page.objects.get(pk=commitment.get_parent().pk)
    return {
        "milestone_id": milestone.pk,
        "revision_id": revision.pk,
        "task_state_id": state.current_task_state.pk,
        "old_title": old_title,
        "new_title": page.title,
        "paths": {"milestone": milestone.url, "commitment": commitment.url, "plan": plan.url},
    }


if __name__ == "__main__":
    print(json.dumps({"cookie": approver_cookie(), **submitted_milestone()}, ensure_ascii=False))
