"""The production manifests under deploy/k8s, checked against the code they mirror: the local stack's
processes, each service's settings and consumers, the topic registry and the catalogue's departments.
Fast and offline: nothing is started, no broker or database is needed."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
import yaml
from pydantic import SecretStr

from nagrik_contracts import topics as registry
from nagrik_dev import manifests
from nagrik_dev.stack import Stack
from nagrik_kit import DEVELOPMENT_SECRET
from nagrik_kit import service as kit_service
from nagrik_kit.kafka_security import KafkaSecurity

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
REGENERATE = ".venv/bin/python -m nagrik_dev.manifests"
SECRET = "nagrik-secrets"
CONFIG = "nagrik-config"

SERVICES = [p for p in Stack(ROOT / ".nagrik").processes if not p.name.startswith("fake-")]
"""What production runs: the local stack's processes less the fakes of Meta and the payment gateway."""

SECRET_LIKE_NAME = re.compile(r"(SECRET|TOKEN|PASSWORD|_KEY|DATABASE_URL)$")
DEVELOPMENT_VALUE = re.compile(r"127\.0\.0\.1|localhost|dev|test", re.IGNORECASE)
FAKE_PHONE_NUMBER_ID = "100000000000001"
"""notifications' default sending number: the local fake's."""
NOT_SETTINGS = {"EASYOCR_MODULE_PATH"}
KAFKA_LOGIN = {f"KAFKA_{name.upper()}" for name in KafkaSecurity.model_fields}
"""Every service's Kafka clients read these (libs/kit/nagrik_kit/kafka_security.py)."""
"""Environment the manifests set for a library, not for a settings class."""


def load(folder: Path) -> list[dict]:
    """Every document the kustomization in `folder` names (files, or folders with a kustomization)."""
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    documents = []
    for entry in kustomization["resources"]:
        path = (folder / entry).resolve()
        if path.is_dir():
            documents += load(path)
        else:
            documents += [d for d in yaml.safe_load_all(path.read_text()) if d]
    return documents


DOCUMENTS = load(K8S / "base")


def of_kind(kind: str) -> dict[str, dict]:
    found = [d for d in DOCUMENTS if d["kind"] == kind]
    names = [d["metadata"]["name"] for d in found]
    assert len(names) == len(set(names)), f"duplicate {kind} names: {names}"
    return dict(zip(names, found))


def container(name: str) -> dict:
    (only,) = of_kind("Deployment")[name]["spec"]["template"]["spec"]["containers"]
    return only


def env_of(name: str) -> dict[str, dict]:
    return {e["name"]: e for e in container(name).get("env", [])}


def config() -> dict[str, str]:
    return of_kind("ConfigMap")[CONFIG]["data"]


def environment_of(name: str) -> set[str]:
    """Every variable the service's container gets: its own env and the shared ConfigMap."""
    refs = [r["configMapRef"]["name"] for r in container(name).get("envFrom", [])]
    assert refs == [CONFIG], f"{name} should take envFrom the ConfigMap {CONFIG} only"
    return set(env_of(name)) | set(config())


def settings_of(process) -> type:
    return importlib.import_module(f"{process.module}.settings").Settings


def secret_settings(process) -> set[str]:
    """Environment variables of the service's settings that pydantic reads as SecretStr."""
    return {name.upper() for name, field in settings_of(process).model_fields.items() if field.annotation is SecretStr}


def acls(user: str) -> list[tuple[str, str, set[str]]]:
    spec = of_kind("KafkaUser")[user]["spec"]
    return [(a["resource"]["type"], a["resource"]["name"], set(a["operations"])) for a in spec["authorization"]["acls"]]


def topics_with(user: str, operation: str) -> set[str]:
    return {name for kind, name, operations in acls(user) if kind == "topic" and operation in operations}


def groups_of(user: str) -> set[str]:
    return {name for kind, name, operations in acls(user) if kind == "group" and "Read" in operations}


@pytest.fixture(scope="module")
def built() -> dict[str, tuple[str | None, dict[str, set[str]]]]:
    """Per service: its database schema and, per consumer group, the topics its main.py's `build()`
    subscribes to. Services are built with their default settings and never started."""
    found: dict[str, tuple[str | None, dict[str, set[str]]]] = {}

    def record(self, topics, handler, *, group=None) -> None:
        topics = topics if isinstance(topics, tuple) else (topics,)
        groups = found.setdefault(self.settings.service_name, (self.schema, {}))[1]
        groups.setdefault(group or self.settings.service_name, set()).update(t.name for t in topics)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kit_service.Service, "consume", record)
        for process in SERVICES:
            service = importlib.import_module(f"{process.module}.main").build(settings_of(process)())
            found.setdefault(process.name, (service.schema, {}))
    return found


def test_strimzi_files_are_the_generators_output():
    for path, text in manifests.render().items():
        assert path.exists() and path.read_text() == text, f"{path.relative_to(ROOT)} is stale: run {REGENERATE}"


def test_kustomizations_name_every_manifest():
    for folder in (K8S / "base", K8S / "strimzi"):
        named = set(yaml.safe_load((folder / "kustomization.yaml").read_text())["resources"])
        for path in folder.glob("*.yaml"):
            assert path.name == "kustomization.yaml" or path.name in named, f"{path} is not in its kustomization"


def test_every_service_and_no_fake_is_deployed_with_its_module_port_and_probes():
    deployments, services = of_kind("Deployment"), of_kind("Service")
    assert set(deployments) == {p.name for p in SERVICES}
    assert set(services) == {p.name for p in SERVICES}
    for process in SERVICES:
        pod = deployments[process.name]["spec"]["template"]
        main = container(process.name)
        assert main["image"] == "nagrik"
        assert main["command"] == ["python", "-m", process.module]
        assert env_of(process.name)["HTTP_PORT"] == {"name": "HTTP_PORT", "value": str(process.port)}
        assert main["ports"] == [{"name": "http", "containerPort": process.port}]
        assert main["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert main["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
        assert pod["metadata"]["annotations"] == {
            "prometheus.io/scrape": "true", "prometheus.io/port": str(process.port), "prometheus.io/path": "/metrics"}
        assert services[process.name]["spec"]["ports"] == [{"name": "http", "port": process.port, "targetPort": "http"}]
        assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
        assert main["securityContext"]["readOnlyRootFilesystem"] is True
        assert {"name": "tmp", "mountPath": "/tmp"} in main["volumeMounts"]
        assert {"cpu", "memory"} <= set(main["resources"]["requests"]) and "memory" in main["resources"]["limits"]
    assert config()["ENVIRONMENT"] == "production"


def test_ingress_sends_only_public_paths_to_existing_services():
    services = of_kind("Service")
    (rule,) = of_kind("Ingress")["nagrik"]["spec"]["rules"]
    routes = {p["path"]: p["backend"]["service"] for p in rule["http"]["paths"]}
    assert routes["/webhooks"]["name"] == "gateway"
    for path, backend in routes.items():
        assert backend["name"] in services and backend["port"] == {"name": "http"}, path
        assert path not in ("/", "/metrics", "/readyz", "/healthz", "/applications"), f"{path} must not be public"


def test_secret_settings_come_from_the_secret(built):
    for process in SERVICES:
        schema, _ = built[process.name]
        wanted = secret_settings(process) | ({"DATABASE_URL"} if schema else set())
        env = env_of(process.name)
        for name in wanted:
            assert name in env, f"{process.name} reads {name} (a secret) but its Deployment does not set it"
            assert "value" not in env[name], f"{process.name}: {name} is a literal"
            assert env[name]["valueFrom"] == {"secretKeyRef": {"name": SECRET, "key": name}}, process.name
            assert name not in config(), f"{name} is a secret: not in the ConfigMap"


def test_each_service_logs_in_to_kafka_as_its_own_user_over_tls():
    users = {document["metadata"]["name"] for document in yaml.safe_load_all(
        (ROOT / "deploy/k8s/strimzi/users.yaml").read_text()) if document}
    assert config()["KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL" and config()["CREATE_TOPICS"] == "false"
    for process in SERVICES:
        env = env_of(process.name)
        user = env["KAFKA_SASL_USERNAME"]["value"]
        assert user == f"nagrik-{process.name}" and user in users
        assert env["KAFKA_SASL_PASSWORD"]["valueFrom"] == {"secretKeyRef": {"name": user, "key": "password"}}


def test_no_literal_secret_anywhere_in_deploy():
    for path in sorted(p for p in DEPLOY.rglob("*") if p.is_file()):
        text = path.read_text()
        assert DEVELOPMENT_SECRET not in text, path
        assert "PRIVATE KEY" not in text and "stringData" not in text, path
        if path.suffix == ".yaml":
            assert all(d.get("kind") != "Secret" for d in yaml.safe_load_all(text) if d), f"{path}: Secrets stay out"
    for name in of_kind("Deployment"):
        for variable, entry in env_of(name).items():
            if SECRET_LIKE_NAME.search(variable):
                assert "value" not in entry and "secretKeyRef" in entry["valueFrom"], f"{name}: {variable}"
    assert not [key for key in config() if SECRET_LIKE_NAME.search(key)]


def test_the_manifests_set_only_settings_the_services_read():
    declared = {process.name: {f.upper() for f in settings_of(process).model_fields} | KAFKA_LOGIN
                for process in SERVICES}
    for key, value in config().items():
        assert isinstance(value, str), f"ConfigMap {key}: quote it"
        assert any(key in fields for fields in declared.values()), f"ConfigMap {key}: no service reads it"
    for process in SERVICES:
        unknown = set(env_of(process.name)) - declared[process.name] - NOT_SETTINGS
        assert not unknown, f"{process.name} does not read {sorted(unknown)}"


def test_development_defaults_are_overridden(built):
    for process in SERVICES:
        environment = environment_of(process.name)
        unused = set() if built[process.name][0] else {"database_url"}  # the gateway has no database
        for name, field in settings_of(process).model_fields.items():
            default = field.default
            if name in unused:
                continue
            if isinstance(default, str) and (DEVELOPMENT_VALUE.search(default) or default == FAKE_PHONE_NUMBER_ID):
                assert name.upper() in environment, f"{process.name} would run with {name}={default!r}"


def test_every_topic_and_department_has_its_kafka_resources():
    kafka_topics = {d["spec"]["topicName"]: d["spec"] for d in of_kind("KafkaTopic").values()}
    expected = [*registry.ALL, *(registry.department_topic(code) for code in manifests.departments())]
    assert set(kafka_topics) == {t.name for t in expected}
    for topic in expected:
        assert kafka_topics[topic.name]["partitions"] == topic.partitions, topic.name
        assert kafka_topics[topic.name]["replicas"] >= 3, topic.name
    assert {d.id for d in manifests.load_catalog().departments} == set(manifests.departments())


def test_each_department_reads_only_its_own_topic_and_writes_only_decisions():
    department_topics = {registry.department_topic(code).name for code in manifests.departments()}
    for code in manifests.departments():
        user = manifests.department_user(code)
        assert topics_with(user, "Read") == {registry.department_topic(code).name}, user
        assert topics_with(user, "Write") == {registry.APPLICATION_DECISIONS.name}, user
        assert groups_of(user) == {manifests.department_group(code)}, user
    for user in of_kind("KafkaUser"):
        if user.startswith("nagrik-"):
            assert not topics_with(user, "Read") & department_topics, f"{user} reads a department's topic"
            writes = topics_with(user, "Write") & department_topics
            assert not writes or user == "nagrik-applications", f"{user} writes a department's topic"


def test_each_service_reads_exactly_what_its_code_consumes(built):
    for process in SERVICES:
        user = manifests.service_user(process.name)
        _, groups = built[process.name]
        consumed = set().union(*groups.values()) if groups else set()
        assert topics_with(user, "Read") == consumed, f"{user}: update CONSUMES in manifests.py, then {REGENERATE}"
        assert groups_of(user) == set(groups), f"{user}: update CONSUMES in manifests.py, then {REGENERATE}"
        if groups:
            assert registry.DEAD_LETTERS.name in topics_with(user, "Write"), f"{user} cannot dead-letter"


def topics_named_in(package: Path) -> tuple[set[str], bool]:
    """Topics a service's code imports from the registry, and whether it imports `department_topic`.
    `department.py` is left out: it is the department officers' tool and runs with a department's user."""
    names: set[str] = set()
    for path in package.rglob("*.py"):
        if path.name == "department.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "nagrik_contracts.topics":
                names.update(alias.name for alias in node.names)
    topics = {getattr(registry, n).name for n in names if isinstance(getattr(registry, n, None), registry.Topic)}
    return topics, "department_topic" in names


def test_each_service_may_use_every_topic_its_code_names():
    for process in SERVICES:
        user = manifests.service_user(process.name)
        named, departments = topics_named_in(ROOT / "services" / process.name / process.module)
        allowed = topics_with(user, "Read") | topics_with(user, "Write")
        assert named <= allowed, f"{user} may not use {sorted(named - allowed)}"
        if departments:
            every = {registry.department_topic(code).name for code in manifests.departments()}
            assert every <= topics_with(user, "Write"), f"{user} cannot send applications to every department"
