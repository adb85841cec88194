"""What is printed on a certificate, from the application and the catalogue; no I/O."""

from __future__ import annotations

from datetime import date

from nagrik_catalog import Catalog, FormField
from nagrik_documents import BilingualText, CertificateData, DetailRow, Issuer

from .repository import Application

GOVERNMENT = BilingualText("राष्ट्रीय राजधानी क्षेत्र दिल्ली सरकार", "Government of NCT of Delhi")


def certificate_id_of(application_id: str) -> str:
    """One certificate per application, numbered after it so officials can match the two at a glance."""
    return f"{application_id}-C"


def _shown(form_field: FormField, value: str) -> str:
    for option in form_field.options or ():
        if option.id == value:
            return f"{option.label.hi} / {option.label.en}"
    return value


def certificate_data(app: Application, catalog: Catalog, *, issued_on: date, verification_url: str) -> CertificateData:
    service = catalog.service(app.service_id)
    department = catalog.department(app.department_id)
    details = tuple(
        DetailRow(BilingualText(f.label.hi, f.label.en), _shown(f, app.answers[f.id]))
        for f in service.fields if app.answers.get(f.id)
    )
    return CertificateData(
        issuer=Issuer(GOVERNMENT, BilingualText(department.name.hi, department.name.en)),
        title=BilingualText(service.name.hi, service.name.en),
        certificate_number=certificate_id_of(app.application_id),
        application_number=app.application_id,
        issued_on=issued_on,
        details=details,
        body=BilingualText(
            f"प्रमाणित किया जाता है कि आवेदन संख्या {app.application_id} में दिए गए विवरण की जाँच के बाद "
            f"यह {service.name.hi} जारी किया गया है।",
            f"This is to certify that, after verification of the particulars given in application "
            f"{app.application_id}, this {service.name.en} has been issued.",
        ),
        verification_url=verification_url,
    )
