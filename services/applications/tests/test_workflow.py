import pytest

from nagrik_catalog import WORKFLOWS, load_catalog
from nagrik_applications.workflow import IllegalTransition, load_workflows, parse_workflows

WORKFLOWS_BY_ID = load_workflows()
STANDARD = WORKFLOWS_BY_ID["certificate_standard"]


def test_every_catalogue_workflow_is_defined():
    assert set(WORKFLOWS) <= set(WORKFLOWS_BY_ID)


def test_a_fee_sends_the_application_to_payment_and_no_fee_to_review():
    assert STANDARD.first_status(10_000) == "payment_due"
    assert STANDARD.first_status(0) == "under_review"


def test_the_happy_path_is_allowed_step_by_step():
    for current, target in [("submitted", "payment_due"), ("payment_due", "under_review"),
                            ("under_review", "approved"), ("approved", "certificate_issued")]:
        STANDARD.check(current, target)


@pytest.mark.parametrize("current,target", [
    ("approved", "approved"), ("rejected", "approved"), ("payment_due", "approved"),
    ("certificate_issued", "approved"), ("submitted", "certificate_issued"),
])
def test_illegal_moves_raise(current, target):
    with pytest.raises(IllegalTransition, match=f"{current} → {target}"):
        STANDARD.check(current, target)


def test_approval_issues_a_certificate_only_with_a_template():
    assert STANDARD.after_approval(has_certificate_template=True) == "certificate_issued"
    assert STANDARD.issues_certificate("approved", "certificate_issued")
    assert STANDARD.after_approval(has_certificate_template=False) == "closed"
    assert WORKFLOWS_BY_ID["grievance_standard"].after_approval(has_certificate_template=True) == "closed"


def test_every_catalogue_service_can_start_its_workflow():
    for service in load_catalog().services:
        WORKFLOWS_BY_ID[service.workflow].first_status(service.fee.inr * 100)


def test_unknown_statuses_and_missing_workflows_are_refused():
    data = {w: {"transitions": {"submitted": ["under_review"]}} for w in WORKFLOWS}
    with pytest.raises(ValueError, match="unknown statuses"):
        parse_workflows({**data, "certificate_standard": {"transitions": {"submitted": ["teleported"]}}})
    with pytest.raises(ValueError, match="not defined"):
        parse_workflows({"certificate_standard": data["certificate_standard"]})
    with pytest.raises(ValueError, match="not a transition"):
        parse_workflows({**data, "certificate_standard": {"transitions": {"submitted": ["under_review"]},
                                                         "issues_certificate": [["approved", "certificate_issued"]]}})
