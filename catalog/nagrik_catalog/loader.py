"""Reads the catalogue's YAML files into a validated `Catalog`, naming the file and entry of any error."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from nagrik_catalog.schema import Catalog, Department, Document, FormField, Service

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"

_M = TypeVar("_M", bound=BaseModel)


class CatalogError(ValueError):
    """The catalogue data is invalid; the message names the file and the entry."""


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load the catalogue from `path` (a directory with departments.yaml and services/), or the shipped data."""
    if path is None:
        return _load_shipped_catalog()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _load_shipped_catalog() -> Catalog:
    return _load(DEFAULT_DATA_DIR)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (PyYAML silently keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # Only keys written in this mapping count; keys pulled in by a `<<: *anchor` merge may be overridden.
        seen: set[str] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if key_node.value in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key_node.value!r} appears twice in one mapping", key_node.start_mark
                )
            seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


@dataclass(frozen=True)
class _SharedParts:
    """Fields and documents from common.yaml that services reuse with `use: <id>`."""

    fields: dict[str, dict[str, Any]]
    documents: dict[str, dict[str, Any]]


def _load(root: Path) -> Catalog:
    departments_file = root / "departments.yaml"
    services_dir = root / "services"
    if not departments_file.is_file():
        raise CatalogError(f"{departments_file} not found: a catalogue directory needs departments.yaml")
    if not services_dir.is_dir():
        raise CatalogError(f"{services_dir} not found: a catalogue directory needs a services/ folder")

    shared = _read_shared(root / "common.yaml", root)
    departments, department_locations = _read_departments(departments_file, root)
    strays = sorted(p.name for p in services_dir.iterdir() if p.suffix in {".yml", ".json"})
    if strays:
        raise CatalogError(f"{services_dir}: {strays} would be ignored; service files must end in .yaml")
    services_by_department: dict[str, list[tuple[Service, str]]] = {}
    for file in sorted(services_dir.glob("*.yaml")):
        dept_id, services = _read_service_file(file, root, shared)
        services_by_department[dept_id] = services

    # Services are stored in department display order, each department's in its file's order.
    ordered: list[tuple[Service, str]] = []
    for dept in departments:
        ordered.extend(services_by_department.pop(dept.id, []))
    for leftovers in services_by_department.values():
        ordered.extend(leftovers)  # the Catalog validator reports their unknown department

    try:
        return Catalog.model_validate(
            {"departments": departments, "services": [svc for svc, _ in ordered]},
            context={
                "department_locations": department_locations,
                "service_locations": [where for _, where in ordered],
            },
        )
    except ValidationError as exc:
        raise CatalogError(f"invalid catalogue in {root}:\n{_describe(exc)}") from None


def _read_departments(file: Path, root: Path) -> tuple[list[Department], list[str]]:
    document = _read_yaml(file, root)
    entries = _expect_keys(document, {"departments"}, _rel(file, root))["departments"]
    if not isinstance(entries, list):
        raise CatalogError(f"{_rel(file, root)}: 'departments' must be a list")
    departments: list[Department] = []
    locations: list[str] = []
    for index, entry in enumerate(entries, start=1):
        where = _entry_name(_rel(file, root), "department", index, entry)
        departments.append(_validate(Department, entry, where))
        locations.append(where)
    return departments, locations


def _read_service_file(file: Path, root: Path, shared: _SharedParts) -> tuple[str, list[tuple[Service, str]]]:
    rel = _rel(file, root)
    document = _expect_keys(_read_yaml(file, root), {"department", "services"}, rel)
    dept_id = document["department"]
    if dept_id != file.stem:
        raise CatalogError(f"{rel}: department is {dept_id!r} but the file must be named after it ({dept_id}.yaml)")
    entries = document["services"]
    if not isinstance(entries, list) or not entries:
        raise CatalogError(f"{rel}: 'services' must be a non-empty list")
    services: list[tuple[Service, str]] = []
    for index, entry in enumerate(entries, start=1):
        where = _entry_name(rel, "service", index, entry)
        if not isinstance(entry, dict):
            raise CatalogError(f"{where}: expected a mapping, got {type(entry).__name__}")
        if entry.get("department", dept_id) != dept_id:
            raise CatalogError(f"{where}: says department {entry['department']!r} but sits in {rel}")
        expanded = _expand_shared(dict(entry), shared, where)
        expanded["department"] = dept_id
        services.append((_validate(Service, expanded, where), where))
    return dept_id, services


def _read_shared(file: Path, root: Path) -> _SharedParts:
    if not file.is_file():
        return _SharedParts({}, {})
    rel = _rel(file, root)
    document = _expect_keys(_read_yaml(file, root), {"fields", "documents"}, rel)
    fields = document["fields"] or {}
    documents = document["documents"] or {}
    for key, section in (("fields", fields), ("documents", documents)):
        if not isinstance(section, dict) or not all(isinstance(body, dict) for body in section.values()):
            raise CatalogError(f"{rel}: '{key}' must map each id to a mapping of its keys")
    # Validate each shared part on its own, so a mistake is reported against common.yaml.
    for field_id, body in fields.items():
        _validate(FormField, {"id": field_id, **body}, f"{rel}, shared field {field_id!r}")
    for doc_type, body in documents.items():
        _validate(Document, {"type": doc_type, **body}, f"{rel}, shared document {doc_type!r}")
    return _SharedParts(fields, documents)


def _expand_shared(entry: dict[str, Any], shared: _SharedParts, where: str) -> dict[str, Any]:
    """Replace `{use: x, ...overrides}` items with the shared part `x` merged with the overrides."""
    fields = [
        _resolve(item, shared.fields, "id", "field", f"{where}, fields[{i}]")
        for i, item in enumerate(entry.get("fields") or [])
    ]
    field_ids = {f.get("id") for f in fields if isinstance(f, dict)}
    documents = []
    for i, item in enumerate(entry.get("documents") or []):
        resolved = _resolve(item, shared.documents, "type", "document", f"{where}, documents[{i}]")
        if isinstance(item, dict) and "use" in item and "fills" not in item:
            # A shared document fills only the fields this service asks for; written-out fills are checked strictly.
            fills = resolved.get("fills") or {}
            resolved["fills"] = {ocr: target for ocr, target in fills.items() if target in field_ids}
        documents.append(resolved)
    if "fields" in entry:
        entry["fields"] = fields
    if "documents" in entry:
        entry["documents"] = documents
    return entry


def _resolve(item: Any, library: Mapping[str, dict[str, Any]], id_key: str, kind: str, where: str) -> Any:
    if not isinstance(item, dict) or "use" not in item:
        return item
    ref = item["use"]
    if ref not in library:
        raise CatalogError(f"{where}: uses unknown shared {kind} {ref!r}; common.yaml defines {sorted(library)}")
    overrides = {key: value for key, value in item.items() if key != "use"}
    return {id_key: ref, **library[ref], **overrides}


def _read_yaml(file: Path, root: Path) -> Any:
    try:
        with file.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_StrictLoader)  # _StrictLoader is a SafeLoader
    except yaml.YAMLError as exc:
        raise CatalogError(f"{_rel(file, root)}: not valid YAML: {exc}") from None


def _expect_keys(document: Any, keys: set[str], rel: str) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise CatalogError(f"{rel}: expected a mapping with keys {sorted(keys)}")
    missing, extra = keys - document.keys(), document.keys() - keys
    if missing or extra:
        raise CatalogError(
            f"{rel}: expected keys {sorted(keys)}; missing {sorted(missing)}, unexpected {sorted(extra)}"
        )
    return document


def _validate(model: type[_M], data: Any, where: str) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(f"invalid entry in {where}:\n{_describe(exc)}") from None


def _describe(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors(include_url=False):
        location = ".".join(str(part) for part in error["loc"]) or "(entry)"
        lines.append(f"  - {location}: {error['msg']}")
    return "\n".join(lines)


def _entry_name(rel: str, kind: str, index: int, entry: Any) -> str:
    entry_id = entry.get("id") if isinstance(entry, dict) else None
    return f"{rel}, {kind} #{index}" + (f" {entry_id!r}" if entry_id else "")


def _rel(file: Path, root: Path) -> str:
    """The file as `<catalogue dir name>/<path inside it>`, e.g. `data/services/revenue.yaml`."""
    try:
        return f"{root.name}/{file.relative_to(root).as_posix()}"
    except ValueError:
        return str(file)
