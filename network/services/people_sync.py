"""Bulk sync of people from an HR system: create or update each person by the HR
system's id (``external_id``), with a dry run that reports without writing.

HR is the source of truth for the people it sends, and for nothing else:

- A row whose ``external_id`` is known updates that person; the fields it does
  not send are left as they are. Fields other than ``SYNC_FIELDS`` are refused.
- An unknown ``external_id`` whose email belongs to a person without one links
  that person (the row updates them and sets the id). A person who carries a
  *different* external id is never taken over: the row is an error.
- Anyone else is created, with a username made from the email's local part
  (``ada.lovelace``, then ``ada.lovelace-2``...) and no usable password: nobody
  is emailed, they get in once a sign-in route reaches them (docs/people-sync.md).
- ``is_active: false`` deactivates through ``do_people_deactivate``, as the
  deactivate endpoint does: sessions and sockets end. ``true`` reactivates.
- Service accounts are not HR's people; a platform admin's account is changed
  only by a platform admin; nobody deactivates themselves.

Every row is checked against the model's rules (field validators, the email
unique whatever its case, an organisation for partners and customers, departments
for employees only, no external person left in an internal community) before
anything is written, from a fixed number of queries read up front. Rows that fail
are reported with their index, external id and field errors; the others are
applied together, each person with its activity, in one transaction holding their
rows locked. Sending the same batch again reports every row unchanged, and a dry
run reports exactly what the real run would, from the same code.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower

import activity
from activity.models import Audience
from bridge.errors import Conflict
from network.models import Affiliation, Community, Membership, User
from network.services.people import do_people_deactivate

MAX_ROWS = 1000
TEXT_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "display_name",
    "title",
    "department",
    "location",
    "affiliation",
    "organisation",
)
SYNC_FIELDS = ("external_id", *TEXT_FIELDS, "is_active")
NON_FIELD = "non_field_errors"
# Room for "-9999" after a username made from an email (usernames hold 150).
USERNAME_BASE_LENGTH = 140
BATCH_SIZE = 500

_no_null_characters = ProhibitNullCharactersValidator()


@dataclass(frozen=True)
class SyncedPerson:
    """One row that applies (or would): ``changes`` maps each field to old and new."""

    index: int
    external_id: str
    username: str
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class RowError:
    index: int
    external_id: str | None
    fields: dict[str, list[str]]


@dataclass
class SyncReport:
    dry_run: bool
    created: list[SyncedPerson] = field(default_factory=list)
    updated: list[SyncedPerson] = field(default_factory=list)
    unchanged: list[SyncedPerson] = field(default_factory=list)
    deactivated: list[SyncedPerson] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        kinds = ("created", "updated", "unchanged", "deactivated", "errors")
        counts = {kind: len(getattr(self, kind)) for kind in kinds}
        return {"rows": sum(counts.values()), **counts}


@dataclass
class _Row:
    """A row whose fields are each valid on their own: cleaned, not yet resolved."""

    index: int
    external_id: str
    values: dict[str, Any]

    @property
    def email_key(self) -> str | None:
        email = self.values.get("email")
        return email.lower() if email else None


@dataclass
class _Plan:
    """What one valid row does to one person: the plan the dry run reports."""

    row: _Row
    person: User | None  # None: a new person
    changes: dict[str, dict[str, Any]]
    username: str = ""

    @property
    def kind(self) -> str:
        if self.person is None:
            return "created"
        if not self.changes:
            return "unchanged"
        if self.changes.get("is_active", {}).get("new") is False:
            return "deactivated"
        return "updated"

    def entry(self) -> SyncedPerson:
        return SyncedPerson(
            index=self.row.index,
            external_id=self.row.external_id,
            username=self.username or self.person.username,
            changes=self.changes,
        )


def may_sync_people(user: User | AnonymousUser) -> bool:
    """Platform and HR admins: they also see the external ids the sync keys on."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_platform_admin or user.is_hr_admin)
    )


def check_may_sync_people(actor: User | AnonymousUser) -> None:
    if not may_sync_people(actor):
        raise PermissionDenied("Only platform and HR administrators sync people.")


def people_sync(*, actor: User, people: Sequence[Any], dry_run: bool = False) -> SyncReport:
    """Create or update ``people`` (HR records) by external id; see the module's doc.

    A dry run reads, plans and reports, and writes nothing.
    """
    check_may_sync_people(actor)
    if len(people) > MAX_ROWS:
        raise ValidationError({"people": f"Send at most {MAX_ROWS} people at a time."})
    if dry_run:
        return _plan(actor, people, lock=False)[0]
    try:
        with transaction.atomic():
            report, plans = _plan(actor, people, lock=True)
            _apply(actor, plans)
    except IntegrityError as error:
        # The rows read are locked; only a person created meanwhile (by another
        # sync, an invitation, the admin) can clash. Nothing was written; the batch
        # is idempotent, so sending it again is safe and reports the clash per row.
        raise Conflict(
            "Someone else added a person with the same email, username or external id "
            "while this batch was applied. Nothing was changed: send it again."
        ) from error
    return report


def _plan(actor: User, people: Sequence[Any], *, lock: bool) -> tuple[SyncReport, list[_Plan]]:
    errors: list[RowError] = []
    rows: list[_Row] = []
    for index, record in enumerate(people):
        parsed = _parse(index, record)
        (errors if isinstance(parsed, RowError) else rows).append(parsed)
    by_external_id, by_email = _known_people(rows, lock=lock)

    xid_counts = Counter(row.external_id for row in rows)
    email_counts = Counter(row.email_key for row in rows if row.email_key)
    plans: list[_Plan] = []
    for row in rows:
        if xid_counts[row.external_id] > 1:
            errors.append(_error(row, "external_id", "Sent more than once in this batch."))
        elif row.email_key and email_counts[row.email_key] > 1:
            errors.append(_error(row, "email", "Sent for more than one person in this batch."))
        else:
            plan_or_error = _resolve(actor, row, by_external_id, by_email)
            (errors if isinstance(plan_or_error, RowError) else plans).append(plan_or_error)

    errors.extend(_leaving_employees_still_inside(plans))
    failed = {error.index for error in errors}
    plans = [plan for plan in plans if plan.row.index not in failed]
    _name_newcomers([plan for plan in plans if plan.person is None])

    report = SyncReport(dry_run=not lock)
    for plan in plans:
        getattr(report, plan.kind).append(plan.entry())
    report.errors = sorted(errors, key=lambda error: error.index)
    return report, plans


def _parse(index: int, record: Any) -> _Row | RowError:
    """Each field on its own, with the model field's own validators."""
    if not isinstance(record, dict):
        return RowError(index, None, {NON_FIELD: ["Each person is an object."]})
    errors: dict[str, list[str]] = {
        name: [f"Unknown field: the sync sets only {', '.join(SYNC_FIELDS)}."]
        for name in sorted(set(record) - set(SYNC_FIELDS))
    }
    external_id = _text(record, "external_id", errors)
    if external_id is not None and not external_id:
        errors["external_id"] = ["This field is required."]
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = _text(record, name, errors)
        if value is not None:
            values[name] = value
    if values.get("email") == "":
        errors["email"] = ["People from HR need an email address."]
    elif "email" in values:
        values["email"] = User.objects.normalize_email(values["email"])
    if "is_active" in record:
        if isinstance(record["is_active"], bool):
            values["is_active"] = record["is_active"]
        else:
            errors["is_active"] = ["Must be true or false."]
    if errors:
        sent = record.get("external_id")
        return RowError(index, sent.strip() or None if isinstance(sent, str) else None, errors)
    return _Row(index=index, external_id=external_id, values=values)


def _text(record: dict[str, Any], name: str, errors: dict[str, list[str]]) -> str | None:
    """The field's cleaned text; None when it was not sent or is not valid."""
    if name not in record:
        if name == "external_id":
            errors[name] = ["This field is required."]
        return None
    value = record[name]
    if not isinstance(value, str):
        errors[name] = ['Must be text (send "" to clear a field).']
        return None
    value = value.strip()
    try:
        _no_null_characters(value)
        return User._meta.get_field(name).clean(value, None)
    except ValidationError as error:
        errors[name] = error.messages
        return None


def _known_people(rows: list[_Row], *, lock: bool) -> tuple[dict[str, User], dict[str, User]]:
    """Everyone the batch names, by external id and by email, in one query; locked
    (in id order, so that two syncs wait for each other instead of deadlocking)
    for a real run."""
    if not rows:
        return {}, {}
    external_ids = {row.external_id for row in rows}
    emails = {row.email_key for row in rows if row.email_key}
    # ``email <> ''`` lets PostgreSQL use the partial unique index on lower(email).
    named = Q(external_id__in=external_ids) | (Q(email_key__in=emails) & ~Q(email=""))
    people = User.objects.annotate(email_key=Lower("email")).filter(named).order_by("pk")
    if lock:
        # NO KEY: their posts, memberships and activities may still point at them.
        people = people.select_for_update(no_key=True)
    by_external_id: dict[str, User] = {}
    by_email: dict[str, User] = {}
    for person in people:
        if person.external_id in external_ids:
            by_external_id[person.external_id] = person
        if person.email_key in emails:
            by_email[person.email_key] = person
    return by_external_id, by_email


def _resolve(
    actor: User, row: _Row, by_external_id: dict[str, User], by_email: dict[str, User]
) -> _Plan | RowError:
    person = by_external_id.get(row.external_id)
    owner = by_email.get(row.email_key) if row.email_key else None
    changes: dict[str, dict[str, Any]] = {}
    if person is None and owner is not None:
        if owner.external_id is not None:
            return _error(
                row,
                "email",
                f"Already the address of the person with external id {owner.external_id!r}.",
            )
        person = owner  # HR's record of someone already here: link them
        changes["external_id"] = {"old": None, "new": row.external_id}
    elif person is not None and owner is not None and owner.pk != person.pk:
        return _error(row, "email", f"Already the address of {owner.username}.")
    if person is None and "email" not in row.values:
        return _error(row, "email", "Needed to add a person.")

    for name, new in row.values.items():
        old = getattr(person, name) if person is not None else None
        if person is None or old != new:
            changes[name] = {"old": old, "new": new}
    plan = _Plan(row=row, person=person, changes=changes)
    if not changes:
        return plan
    errors = _check_change(actor, plan)
    return RowError(row.index, row.external_id, errors) if errors else plan


def _check_change(actor: User, plan: _Plan) -> dict[str, list[str]]:
    """The rules for a row that changes something: who may change whom, and the
    model's constraints on the person the row leaves behind."""
    person, values = plan.person, plan.row.values
    errors: dict[str, list[str]] = {}
    if person is not None and person.is_service_account:
        errors[NON_FIELD] = ["A service account is not a person HR manages."]
    elif person is not None and person.is_platform_admin and not actor.is_platform_admin:
        errors[NON_FIELD] = ["Only a platform administrator changes a platform administrator."]
    if person is not None and person.pk == actor.pk and values.get("is_active") is False:
        errors["is_active"] = ["You cannot deactivate yourself."]
    if person is None or {"affiliation", "organisation", "department"} & set(plan.changes):
        if _after(plan, "affiliation") != Affiliation.EMPLOYEE:
            if not _after(plan, "organisation"):
                errors["organisation"] = ["Partners and customers need an organisation."]
            if _after(plan, "department"):
                errors["department"] = ["Departments are for employees."]
    return errors


def _after(plan: _Plan, name: str) -> Any:
    """The field's value once the row is applied."""
    if name in plan.row.values:
        return plan.row.values[name]
    if plan.person is not None:
        return getattr(plan.person, name)
    return User._meta.get_field(name).get_default()


def _leaving_employees_still_inside(plans: list[_Plan]) -> list[RowError]:
    """An employee turned partner or customer would keep reading the internal
    communities they belong to: refused until they have left them (one query)."""
    leaving = {
        plan.person.pk: plan
        for plan in plans
        if plan.person is not None
        and plan.changes.get("affiliation", {}).get("old") == Affiliation.EMPLOYEE
    }
    if not leaving:
        return []
    inside = Membership.objects.filter(
        user_id__in=leaving, community__audience=Community.Audience.INTERNAL
    ).values_list("user_id", flat=True)
    message = "Still a member of internal communities: remove them there first."
    return [_error(leaving[user_id].row, "affiliation", message) for user_id in set(inside)]


def _name_newcomers(plans: list[_Plan]) -> None:
    """Unique usernames from the emails' local parts, in row order (one query):
    the same names in a dry run as in the real run that follows it."""
    if not plans:
        return
    bases = [_username_base(plan.row.values["email"]) for plan in plans]
    pattern = "^({})(-[0-9]+)?$".format("|".join(sorted({re.escape(base) for base in bases})))
    taken = {
        username.lower()
        for username in User.objects.filter(username__iregex=pattern).values_list(
            "username", flat=True
        )
    }
    for plan, base in zip(plans, bases, strict=True):
        username, number = base, 1
        while username in taken:
            number += 1
            username = f"{base}-{number}"
        taken.add(username)
        plan.username = username


def _username_base(email: str) -> str:
    local = unicodedata.normalize("NFKD", email.rsplit("@", 1)[0]).encode("ascii", "ignore")
    base = re.sub(r"[^a-z0-9._-]", "", local.decode().lower())[:USERNAME_BASE_LENGTH]
    return base.strip("._-") or "person"


def _apply(actor: User, plans: list[_Plan]) -> None:
    """Write every plan: a fixed number of queries whatever the batch's size."""
    created = [plan for plan in plans if plan.kind == "created"]
    newcomers = User.objects.bulk_create(
        [_new_person(plan) for plan in created], batch_size=BATCH_SIZE
    )
    edited = [plan for plan in plans if plan.person is not None and _edits(plan)]
    for plan in edited:
        for name in _edits(plan):
            setattr(plan.person, name, plan.changes[name]["new"])
    if edited:
        fields = sorted({name for plan in edited for name in _edits(plan)})
        User.objects.bulk_update([plan.person for plan in edited], fields, batch_size=BATCH_SIZE)
    activity.record_many(
        [
            _record(actor, "person.created", person, sorted(plan.changes))
            for plan, person in zip(created, newcomers, strict=True)
        ]
        + [_record(actor, "person.updated", plan.person, _edits(plan)) for plan in edited]
    )
    do_people_deactivate(
        actor=actor,
        people=[plan.person for plan in plans if plan.kind == "deactivated"],
        payload={"by": "sync"},
    )


def _edits(plan: _Plan) -> list[str]:
    """The fields a plan writes itself: all its changes but a deactivation, which
    ``do_people_deactivate`` makes (with its own activity)."""
    return sorted(
        name
        for name, change in plan.changes.items()
        if not (name == "is_active" and change["new"] is False)
    )


def _new_person(plan: _Plan) -> User:
    person = User(username=plan.username, external_id=plan.row.external_id, **plan.row.values)
    person.set_unusable_password()  # no password to guess until they set one
    return person


def _record(actor: User, verb: str, person: User, fields: Sequence[str]) -> dict[str, Any]:
    # Named fields, never their values: as the admin records its saves.
    return {
        "actor": actor,
        "verb": verb,
        "object_type": "person",
        "object_id": person.pk,
        "audience": Audience.STAFF,
        "payload": {"fields": sorted(fields), "by": "sync"},
    }


def _error(row: _Row, name: str, message: str) -> RowError:
    return RowError(row.index, row.external_id, {name: [message]})
