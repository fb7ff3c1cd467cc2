"""One FHIR resource to rows of the staging tables (see :mod:`fardplan.fhir.staging`).

Each ``map_*`` function reads only what the contract needs and raises :class:`Unmapped` with a
reason when a required element is missing or holds a code outside the contract. References are
kept as the referenced resource's id; :mod:`fardplan.fhir.resolve` checks that it exists.
A Patient's names, telecoms, addresses and identifiers other than the pseudonym are never read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from typing import Any

from fardplan.content.free_text import find_personal_number
from fardplan.contract import ALLOWED
from fardplan.reference.sweden import municipalities
from fardplan.synth.fhir import BASE, ICD10SE, PRIORITY

Resource = dict[str, Any]
Rows = Iterator[tuple[str, tuple[Any, ...]]]  # (staging table, row)

SEX = {"female": "K", "male": "M"}
ACUTE = {"EM": True, "EL": False}
INPATIENT = "IMP"
CARE_LEVEL = f"{BASE}/CodeSystem/care-level"
CONTACT_MODE = f"{BASE}/CodeSystem/contact-mode"
ICD10 = re.compile(r"[A-Z][0-9]{2}[0-9A-Z]{0,4}")


class Unmapped(ValueError):
    """The resource cannot be mapped; ``reason`` is one of a few fixed phrases, ``detail`` the
    element or value at fault (never personal data)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def _system(name: str) -> str:
    return f"{BASE}/CodeSystem/{name}"


def _url(name: str) -> str:
    return f"{BASE}/StructureDefinition/{name}"


@cache
def _municipality_codes() -> frozenset[str]:
    return frozenset(m.code for m in municipalities())


def _element(resource: Resource, key: str) -> Any:
    value = resource.get(key)
    if value is None or value == [] or value == "":
        raise Unmapped("missing element", key)
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise Unmapped("malformed element", where)
    return value


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unmapped("malformed element", where)
    return value


def _code(concepts: Any, system: str, where: str, table: str, column: str) -> str:
    """Return the code under ``system`` of a CodeableConcept or a list of them, checked
    against the contract's allowed values of ``table.column``."""
    return _checked(_codes(concepts, where), system, where, table, column)


def _checked(codes: dict[str, str], system: str, where: str, table: str, column: str) -> str:
    found = codes.get(system)
    if found is None:
        raise Unmapped("missing code", f"{where} ({system})")
    if found not in ALLOWED[(table, column)]:
        raise Unmapped("unknown code", f"{where}: {found!r}")
    return found


def _codes(concepts: Any, where: str) -> dict[str, str]:
    """Return {system: code} of a CodeableConcept or a list of them (the first code of a
    system wins), so that one walk serves every system looked up."""
    codes: dict[str, str] = {}
    if concepts is None:
        return codes
    for concept in concepts if isinstance(concepts, list) else [concepts]:
        for coding in _list(_dict(concept, where).get("coding", []), where):
            coding = _dict(coding, where)
            system, code = coding.get("system"), coding.get("code")
            if isinstance(system, str) and isinstance(code, str) and system not in codes:
                codes[system] = code
    return codes


def _find_code(concepts: Any, system: str, where: str) -> str | None:
    return _codes(concepts, where).get(system)


def _date(value: Any, where: str) -> date:
    """Return the day of a FHIR date or dateTime; a partial date (2024-05) is refused."""
    if not isinstance(value, str) or len(value) < 10:
        raise Unmapped("not a full date", f"{where}: {value!r}")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise Unmapped("not a full date", f"{where}: {value!r}") from None


def _optional_date(value: Any, where: str) -> date | None:
    return None if value is None else _date(value, where)


def _reference(value: Any, kind: str, where: str) -> str:
    """Return the id of a literal reference ``Kind/id`` to a resource of ``kind``."""
    text = value.get("reference") if isinstance(value, dict) else None
    prefix = kind + "/"
    if not isinstance(text, str) or not text.startswith(prefix) or len(text) == len(prefix):
        shown = "" if kind == "Patient" else f": {text!r}"
        raise Unmapped("bad reference", f"{where} (expected {kind}/id){shown}")
    return text[len(prefix) :]


def _optional_reference(value: Any, kind: str, where: str) -> str | None:
    return None if value is None else _reference(value, kind, where)


def _extension(resource: Resource, name: str) -> dict[str, Any] | None:
    url = _url(name)
    for extension in _list(resource.get("extension", []), "extension"):
        found = _dict(extension, "extension")
        if found.get("url") == url:
            return found
    return None


def _municipality(value: Any, where: str) -> str:
    if not isinstance(value, str) or value not in _municipality_codes():
        raise Unmapped("unknown code", f"{where}: {value!r}")
    return value


def _text(value: Any, where: str) -> str:
    """Return a text value, refused when it holds a personnummer (not shown)."""
    if not isinstance(value, str) or not value:
        raise Unmapped("missing element", where)
    if find_personal_number(value) is not None:
        raise Unmapped("holds a personal identity number", where)
    return value


def _identifier(resource: Resource, system: str) -> int:
    """Return the integer value of the identifier under ``system`` (a project pseudonym)."""
    wanted = f"{BASE}/sid/{system}"
    for identifier in _list(resource.get("identifier", []), "identifier"):
        identifier = _dict(identifier, "identifier")
        if identifier.get("system") == wanted:
            value = identifier.get("value")
            if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,19}", value):
                if len(value.lstrip("-")) in (10, 12) and find_personal_number(value) is not None:
                    raise Unmapped("holds a personal identity number", f"identifier ({system})")
                number = int(value)
                if -(2**63) <= number < 2**63:
                    return number
            raise Unmapped("not an integer pseudonym", f"identifier ({system})")
    raise Unmapped("missing identifier", wanted)


def map_patient(resource: Resource) -> Rows:
    """A patient row, and a residence row per population year (``residence`` extensions)."""
    resource_id = _text(resource.get("id"), "id")
    person = _identifier(resource, "person-pseudonym")
    sex = SEX.get(_element(resource, "gender"))
    if sex is None:
        raise Unmapped("unknown code", f"gender: {resource['gender']!r}")
    born = _date(_element(resource, "birthDate"), "birthDate")
    residences = []
    for extension in _list(resource.get("extension", []), "extension"):
        if _dict(extension, "extension").get("url") == _url("residence"):
            residences.append(_residence(extension, person, resource_id))
    if not residences:
        raise Unmapped("missing extension", _url("residence"))
    yield "patients", (resource_id, person, sex, born)
    for row in residences:
        yield "residences", row


def _residence(extension: dict[str, Any], person: int, resource_id: str) -> tuple[Any, ...]:
    parts = {
        _dict(part, "residence").get("url"): part
        for part in _list(extension.get("extension"), "residence")
    }

    def value(name: str, key: str, required: bool = True) -> Any:
        found = parts.get(name, {}).get(key)
        if found is None and required:
            raise Unmapped("missing element", f"residence.{name}.{key}")
        return found

    year = value("year", "valueInteger")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100:
        raise Unmapped("malformed element", f"residence.year: {year!r}")
    nursing = value("nursing-home", "valueBoolean")
    if not isinstance(nursing, bool):
        raise Unmapped("malformed element", "residence.nursing-home")
    listed = value("listed-unit", "valueReference", required=False)
    physician = value("named-physician", "valueReference", required=False)
    return (
        resource_id,
        person,
        year,
        _municipality(value("municipality", "valueCode"), "residence.municipality"),
        nursing,
        _optional_reference(listed, "Organization", "residence.listed-unit"),
        _optional_reference(physician, "Practitioner", "residence.named-physician"),
    )


def map_organization(resource: Resource) -> Rows:
    unit = _text(resource.get("id"), "id")
    kind = _code(_element(resource, "type"), _system("unit-kind"), "type", "units", "kind")
    principal = _extension(resource, "principal")
    if principal is None:
        raise Unmapped("missing extension", _url("principal"))
    if principal.get("valueCode") not in ALLOWED[("units", "principal")]:
        raise Unmapped("unknown code", f"principal: {principal.get('valueCode')!r}")
    code = _extension(resource, "municipality-code")
    if code is None:
        raise Unmapped("missing extension", _url("municipality-code"))
    yield (
        "organizations",
        (
            unit,
            _text(resource.get("name"), "name"),
            kind,
            principal["valueCode"],
            _municipality(code.get("valueCode"), "municipality-code"),
        ),
    )


def map_practitioner(resource: Resource) -> Rows:
    yield "practitioners", (_text(resource.get("id"), "id"),)


def map_condition(resource: Resource) -> Rows:
    code = _find_code(_element(resource, "code"), ICD10SE, "code")
    if code is None:
        raise Unmapped("missing code", f"code ({ICD10SE})")
    if not ICD10.fullmatch(code):
        raise Unmapped("unknown code", f"code: {code!r}")
    yield "conditions", (_text(resource.get("id"), "id"), code)


def map_encounter(resource: Resource) -> Rows:
    """An inpatient Encounter (class IMP) is a stay; any other a contact."""
    klass = _dict(_element(resource, "class"), "class").get("code")
    patient = _reference(_element(resource, "subject"), "Patient", "subject")
    unit = _reference(_element(resource, "serviceProvider"), "Organization", "serviceProvider")
    period = _dict(_element(resource, "period"), "period")
    condition = _diagnosis(resource)
    if klass == INPATIENT:
        yield "admissions", _admission(resource, patient, unit, period, condition)
    else:
        yield "contacts", _contact(resource, patient, unit, period, condition)


def _diagnosis(resource: Resource) -> str | None:
    """Return the id of the Condition ranked first (or listed first) among the diagnoses."""
    diagnoses = _list(resource.get("diagnosis", []), "diagnosis")
    if not diagnoses:
        return None
    ranked = sorted(diagnoses, key=lambda d: _dict(d, "diagnosis").get("rank", 1_000_000))
    return _reference(ranked[0].get("condition"), "Condition", "diagnosis.condition")


def _contact(
    resource: Resource, patient: str, unit: str, period: dict[str, Any], condition: str | None
) -> tuple[Any, ...]:
    types = _codes(resource.get("type"), "type")
    participants = _list(_element(resource, "participant"), "participant")
    first = _dict(participants[0], "participant")
    requested = _extension(resource, "requested-on")
    return (
        _identifier(resource, "contact-id"),
        patient,
        _date(period.get("start"), "period.start"),
        unit,
        _checked(types, CARE_LEVEL, "type", "contacts", "care_level"),
        _code(
            first.get("type"), _system("profession"), "participant.type", "contacts", "profession"
        ),
        _optional_reference(first.get("individual"), "Practitioner", "participant.individual"),
        _checked(types, CONTACT_MODE, "type", "contacts", "mode"),
        condition,
        None if requested is None else _date(requested.get("valueDate"), "requested-on"),
    )


def _admission(
    resource: Resource, patient: str, unit: str, period: dict[str, Any], condition: str | None
) -> tuple[Any, ...]:
    if condition is None:
        raise Unmapped("missing element", "diagnosis (a stay's main diagnosis)")
    priority = _find_code(_element(resource, "priority"), PRIORITY, "priority")
    if priority not in ACUTE:
        raise Unmapped("unknown code", f"priority: {priority!r}")
    ready = _extension(resource, "discharge-ready-on")
    return (
        _identifier(resource, "admission-id"),
        patient,
        unit,
        _date(period.get("start"), "period.start"),
        _date(period.get("end"), "period.end"),
        condition,
        ACUTE[priority],
        None if ready is None else _date(ready.get("valueDate"), "discharge-ready-on"),
    )


def map_care_plan(resource: Resource) -> Rows:
    code = _extension(resource, "municipality-code")
    if code is None:
        raise Unmapped("missing extension", _url("municipality-code"))
    yield (
        "care_plans",
        (
            _identifier(resource, "care-plan-id"),
            _reference(_element(resource, "subject"), "Patient", "subject"),
            _date(_element(resource, "created"), "created"),
            _municipality(code.get("valueCode"), "municipality-code"),
        ),
    )


def map_episode(resource: Resource) -> Rows:
    kind = _find_code(_element(resource, "type"), _system("episode-kind"), "type")
    if kind != "home-health-care":
        raise Unmapped("unknown code", f"type: {kind!r}")
    code = _extension(resource, "municipality-code")
    if code is None:
        raise Unmapped("missing extension", _url("municipality-code"))
    period = _dict(_element(resource, "period"), "period")
    yield (
        "episodes",
        (
            _reference(_element(resource, "patient"), "Patient", "patient"),
            _municipality(code.get("valueCode"), "municipality-code"),
            _date(period.get("start"), "period.start"),
            _optional_date(period.get("end"), "period.end"),
        ),
    )


MAPPERS: dict[str, Callable[[Resource], Rows]] = {
    "Patient": map_patient,
    "Organization": map_organization,
    "Practitioner": map_practitioner,
    "Encounter": map_encounter,
    "Condition": map_condition,
    "CarePlan": map_care_plan,
    "EpisodeOfCare": map_episode,
}
