"""The progress rules of planes/progress.py, on their edge cases."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planes import progress
from planes.choices import ActivityStatus as S
from planes.choices import CompletionLevel as L


def test_milestone_without_activities_is_zero_and_not_started():
    b = progress.milestone_breakdown([])
    assert b.progress == 0
    assert b.as_dict() == {"verified": 0, "completed": 0, "in_progress": 0, "not_started": 100}


def test_milestone_breakdown_shares_each_state():
    b = progress.milestone_breakdown([S.VERIFIED, S.COMPLETED, S.IN_PROGRESS, S.NOT_STARTED])
    assert b.as_dict() == {"verified": 25, "completed": 25, "in_progress": 25, "not_started": 25}
    assert b.progress == 50


def test_all_verified_is_complete():
    b = progress.milestone_breakdown([S.VERIFIED] * 3)
    assert b.progress == 100
    assert progress.completion_level(b.progress) == L.COMPLETE


def test_thirds_round_to_one_decimal():
    b = progress.milestone_breakdown([S.COMPLETED, S.NOT_STARTED, S.NOT_STARTED])
    assert b.completed == 33.3
    assert b.not_started == 66.7


def test_unknown_status_is_rejected():
    with pytest.raises(ValueError):
        progress.milestone_breakdown(["done"])


def test_commitment_is_weighted_mean_with_normalised_weights():
    done = progress.milestone_breakdown([S.COMPLETED])
    todo = progress.milestone_breakdown([S.NOT_STARTED])
    # Weights 3 and 1 behave like 75 and 25.
    b = progress.weighted_breakdown([(done, 3), (todo, 1)])
    assert b.progress == 75
    assert b.not_started == 25
    assert progress.weighted_breakdown([(done, 75), (todo, 25)]) == b


def test_zero_weight_milestone_does_not_count():
    done = progress.milestone_breakdown([S.COMPLETED])
    todo = progress.milestone_breakdown([S.NOT_STARTED])
    assert progress.weighted_breakdown([(done, 1), (todo, 0)]).progress == 100


def test_all_zero_weights_count_equally():
    done = progress.milestone_breakdown([S.COMPLETED])
    todo = progress.milestone_breakdown([S.NOT_STARTED])
    assert progress.weighted_breakdown([(done, 0), (todo, 0)]).progress == 50


def test_negative_weight_is_rejected():
    with pytest.raises(ValueError):
        progress.normalised_weights([1, -1])


def test_commitment_without_milestones_is_zero():
    assert progress.weighted_breakdown([]) == progress.EMPTY


def test_plan_is_plain_mean_of_commitments():
    a = progress.Breakdown(verified=100, completed=0, in_progress=0, not_started=0)
    b = progress.Breakdown(verified=0, completed=0, in_progress=0, not_started=100)
    assert progress.mean_breakdown([a, b]).progress == 50
    assert progress.mean_breakdown([]).progress == 0


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0, L.NOT_STARTED),
        (None, L.NOT_STARTED),
        (0.1, L.LIMITED),
        (1, L.LIMITED),
        (49.9, L.LIMITED),
        (50, L.SUBSTANTIAL),
        (99.9, L.SUBSTANTIAL),
        (100, L.COMPLETE),
    ],
)
def test_completion_levels(value, level):
    assert progress.completion_level(value) == level


def test_delayed_only_after_end_date_and_when_not_done():
    today = datetime.date(2021, 1, 10)
    assert progress.is_delayed(datetime.date(2021, 1, 9), False, today)
    assert not progress.is_delayed(datetime.date(2021, 1, 9), True, today)
    # Ending today is not late yet: dates equal.
    assert not progress.is_delayed(today, False, today)
    assert not progress.is_delayed(None, False, today)


def test_earliest_pending_end_ignores_finished_and_undated_items():
    d1, d2 = datetime.date(2020, 1, 1), datetime.date(2020, 6, 1)
    assert progress.earliest_pending_end([(d1, True), (d2, False), (None, False)]) == d2
    assert progress.earliest_pending_end([(d1, True)]) is None


def test_rules_text_is_available_for_the_methodology_page():
    titles = [str(title) for title, _text in progress.rules_text()]
    assert "Nivel de cumplimiento" in titles


def test_methodology_states_the_thresholds_the_code_uses(monkeypatch):
    """The levels' text is written from the constants: change one, the text follows."""
    levels = dict(progress.rules_text())["Nivel de cumplimiento"]
    assert f"menos de {progress.SUBSTANTIAL_FROM} % limitado" in levels
    assert f"{progress.COMPLETE_AT} % completo" in levels
    monkeypatch.setattr(progress, "SUBSTANTIAL_FROM", 60)
    assert "menos de 60 % limitado" in dict(progress.rules_text())["Nivel de cumplimiento"]


def test_shares_always_add_up_to_100():
    thirds = progress.milestone_breakdown([S.VERIFIED, S.COMPLETED, S.COMPLETED])
    assert sum(thirds.as_dict().values()) == 100
    assert thirds.progress == 100
    sevenths = progress.milestone_breakdown(
        [S.VERIFIED] * 3 + [S.IN_PROGRESS] * 2 + [S.NOT_STARTED] * 2
    )
    assert round(sum(sevenths.as_dict().values()), 6) == 100


def test_all_done_milestones_make_exactly_100_percent():
    done = [progress.milestone_breakdown([S.VERIFIED, S.COMPLETED, S.COMPLETED]) for _ in range(5)]
    mixed = progress.milestone_breakdown([S.VERIFIED, S.VERIFIED, S.COMPLETED])
    b = progress.weighted_breakdown([(d, 1) for d in done] + [(mixed, 2)])
    assert b.progress == 100
    assert progress.completion_level(b.progress) == L.COMPLETE


STATUS_LISTS = st.lists(st.sampled_from(list(progress.STATES)), max_size=12)


@given(st.lists(st.tuples(STATUS_LISTS, st.integers(0, 100)), min_size=1, max_size=8))
def test_weighted_breakdowns_add_up_to_100_and_progress_is_the_exact_figure_rounded(milestones):
    """Whatever the milestones and weights, a commitment's (and so a plan's) stacked bar adds
    up to exactly 100 and its progress is the weighted mean of its milestones' (published,
    one-decimal) progress, rounded to one decimal."""
    items = [(progress.milestone_breakdown(statuses), weight) for statuses, weight in milestones]
    result = progress.weighted_breakdown(items)
    assert sum(round(v * 10) for v in result.as_dict().values()) == 1000
    shares = progress.normalised_weights([w for _, w in items])
    exact = sum(b.progress * share for (b, _), share in zip(items, shares, strict=True))
    assert abs(result.progress - exact) <= 0.05 + 1e-6
    plan = progress.mean_breakdown([result, progress.milestone_breakdown(milestones[0][0])])
    assert sum(round(v * 10) for v in plan.as_dict().values()) == 1000


def test_three_equal_milestones_done_verified_and_not_started():
    b = progress.Breakdown
    items = [(b(100, 0, 0, 0), 1), (b(0, 100, 0, 0), 1), (progress.EMPTY, 1)]
    result = progress.weighted_breakdown(items)
    assert result.progress == 66.7
    assert sum(result.as_dict().values()) == pytest.approx(100)
