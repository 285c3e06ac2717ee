"""The page tree can only be built the right way: home > plan > commitment > milestone."""

import pytest
from django.urls import reverse

from demo.factories import ActionPlanPageFactory, CommitmentPageFactory, MilestonePageFactory
from home.models import AboutPage, HomePage
from planes.models import ActionPlanPage, CommitmentPage, MilestonePage
from tests.helpers import add_url, assert_sent_to_dashboard

pytestmark = pytest.mark.django_db


def test_allowed_children():
    assert set(HomePage.allowed_subpage_models()) == {ActionPlanPage, AboutPage}
    assert ActionPlanPage.allowed_subpage_models() == [CommitmentPage]
    assert CommitmentPage.allowed_subpage_models() == [MilestonePage]
    assert MilestonePage.allowed_subpage_models() == []


def test_allowed_parents(home):
    plan = ActionPlanPageFactory(parent=home)
    commitment = CommitmentPageFactory(parent=plan)
    milestone = MilestonePageFactory(parent=commitment)
    assert ActionPlanPage.can_create_at(home)
    assert not CommitmentPage.can_create_at(home)
    assert not MilestonePage.can_create_at(home)
    assert not MilestonePage.can_create_at(plan)
    assert not ActionPlanPage.can_create_at(commitment)
    assert MilestonePage.can_create_at(commitment)
    assert not MilestonePage.can_create_at(milestone)


@pytest.mark.parametrize(
    ("model", "parent_name"),
    [("milestonepage", "plan"), ("commitmentpage", "home"), ("actionplanpage", "commitment")],
)
def test_admin_refuses_wrong_parent(admin_client, home, model, parent_name):
    plan = ActionPlanPageFactory(parent=home)
    commitment = CommitmentPageFactory(parent=plan)
    parent = {"home": home, "plan": plan, "commitment": commitment}[parent_name]
    count = ActionPlanPage.objects.count() + CommitmentPage.objects.count()
    assert_sent_to_dashboard(admin_client, admin_client.get(add_url(model, parent)))
    response = admin_client.post(add_url(model, parent), {"title": "X", "slug": "x"})
    assert_sent_to_dashboard(admin_client, response)
    assert ActionPlanPage.objects.count() + CommitmentPage.objects.count() == count
    assert MilestonePage.objects.count() == 0


def test_add_subpage_lists_only_allowed_types(admin_client, home):
    plan = ActionPlanPageFactory(parent=home)
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[plan.pk]))
    # A plan has a single allowed child type, so Wagtail goes straight to its form.
    assert response.status_code == 302
    assert response.url == add_url("commitmentpage", plan)
