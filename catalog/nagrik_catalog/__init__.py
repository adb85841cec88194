"""Nagrik's service catalogue: departments and services as validated data, with Hindi and English texts."""

from nagrik_catalog.answers import Answer, check_answer
from nagrik_catalog.loader import DEFAULT_DATA_DIR, CatalogError, load_catalog
from nagrik_catalog.schema import (
    BUILTIN_PATTERNS,
    OCR_FIELDS,
    ROW_DESCRIPTION_MAX,
    ROW_TITLE_MAX,
    WORKFLOWS,
    Catalog,
    Department,
    Document,
    Fee,
    FormField,
    Option,
    Service,
    Sla,
    Text,
    Validation,
)

__all__ = [
    "Answer",
    "check_answer",
    "BUILTIN_PATTERNS",
    "DEFAULT_DATA_DIR",
    "OCR_FIELDS",
    "ROW_DESCRIPTION_MAX",
    "ROW_TITLE_MAX",
    "WORKFLOWS",
    "Catalog",
    "CatalogError",
    "Department",
    "Document",
    "Fee",
    "FormField",
    "Option",
    "Service",
    "Sla",
    "Text",
    "Validation",
    "load_catalog",
]
