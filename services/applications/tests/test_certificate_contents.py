from datetime import UTC, date, datetime

from nagrik_applications.answers import check_answers
from nagrik_applications.certificates import certificate_data, certificate_id_of
from nagrik_applications.department import pending
from nagrik_applications.repository import Application
from nagrik_catalog import load_catalog
from nagrik_contracts.applications import ApplicationForReview

CATALOG = load_catalog()


def application(answers: dict[str, str]) -> Application:
    return Application(
        application_id="DL-INC-2026-000007", submission_id="s1", citizen_id="919800000000",
        service_id="income_certificate", department_id="revenue", workflow="certificate_standard", language="hi",
        fee_paise=0, status="approved", answers=answers, documents=[], submitted_at=datetime.now(UTC),
    )


def test_a_certificate_prints_the_answers_under_the_catalogues_labels(income_answers):
    answers = check_answers(CATALOG.service("income_certificate"), income_answers).values
    data = certificate_data(application(answers), CATALOG, issued_on=date(2026, 11, 22),
                            verification_url="http://127.0.0.1:8003/verify/x?sig=y")
    rows = {row.label.en: row.value for row in data.details}
    assert rows["Gender"] == "महिला / Female"
    assert rows["Aadhaar number"] == "XXXX XXXX 1234"
    assert data.certificate_number == certificate_id_of("DL-INC-2026-000007")
    assert data.title.en == "Income Certificate" and data.issuer.department.en == CATALOG.department("revenue").name.en


def test_the_department_list_shows_each_undecided_application_once_oldest_first():
    def review(number: str, at: str) -> ApplicationForReview:
        return ApplicationForReview(application_id=number, department_id="revenue", service_id="income_certificate",
                                    answers={}, submitted_at=at)

    reviews = [review("B", "2026-11-22T10:00:00+00:00"), review("A", "2026-11-21T10:00:00+00:00"),
               review("B", "2026-11-22T10:00:00+00:00"), review("C", "2026-11-20T10:00:00+00:00")]
    assert [r.application_id for r in pending(reviews, decided={"C"})] == ["A", "B"]
