"""The reward catalog, kept by HR: items, their cost, stock, image and who may
redeem them. Items are deactivated, never deleted: redemptions point at them."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

import activity
from activity.models import Audience
from network import files
from network.models import Affiliation, User
from network.services import media
from rewards.access import is_hr
from rewards.models import Item

EDITABLE = ("name", "description", "cost", "stock", "affiliations", "active")


def _check_hr(actor: User) -> None:
    if not is_hr(actor):
        raise PermissionDenied("Only HR admins manage the reward catalog.")


def _clean(fields: dict) -> dict:
    """The fields given, checked together: every error at once, by field."""
    errors: dict[str, str] = {}
    cleaned = dict(fields)
    if "name" in fields:
        cleaned["name"] = (fields["name"] or "").strip()
        if not cleaned["name"]:
            errors["name"] = "Give the reward a name."
    if "description" in fields:
        cleaned["description"] = (fields["description"] or "").strip()
    if "cost" in fields and (fields["cost"] is None or fields["cost"] < 1):
        errors["cost"] = "A reward costs at least one point."
    if "stock" in fields and fields["stock"] is not None and fields["stock"] < 0:
        errors["stock"] = "Stock is zero or more; leave it empty for unlimited."
    if "affiliations" in fields:
        chosen: Sequence[str] = fields["affiliations"] or ()
        unknown = sorted(set(chosen) - set(Affiliation.values))
        if unknown or not chosen:
            errors["affiliations"] = f"Choose among {', '.join(Affiliation.values)}."
        else:
            cleaned["affiliations"] = sorted(set(chosen))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _record(actor: User, item: Item, verb: str, fields: Sequence[str] = ()) -> None:
    # The catalog's history is HR's audit trail, not news for everyone.
    activity.record(
        actor=actor,
        verb=verb,
        object_type="reward_item",
        object_id=item.pk,
        audience=Audience.STAFF,
        payload={"fields": sorted(fields), "cost": item.cost, "stock": item.stock},
    )


def item_create(
    *,
    actor: User,
    name: str,
    cost: int,
    description: str = "",
    stock: int | None = None,
    affiliations: Sequence[str] = (Affiliation.EMPLOYEE,),
    active: bool = True,
) -> Item:
    """HR adds a reward to the catalog."""
    _check_hr(actor)
    fields = _clean(
        {
            "name": name,
            "description": description,
            "cost": cost,
            "stock": stock,
            "affiliations": affiliations,
            "active": active,
        }
    )
    with transaction.atomic():
        item = Item.objects.create(created_by=actor, **fields)
        _record(actor, item, "reward_item.created", fields)
    return item


def item_update(*, actor: User, item: Item, **changes: object) -> Item:
    """HR changes some of an item's terms. Pending redemptions keep the cost they
    were asked at: it is what the ledger holds for them."""
    _check_hr(actor)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValueError(f"Not editable: {', '.join(unknown)}")
    fields = _clean(changes)
    if not fields:
        return item
    with transaction.atomic():
        for name, value in fields.items():
            setattr(item, name, value)
        item.save(update_fields=[*fields, "updated_at"])
        _record(actor, item, "reward_item.updated", fields)
    return item


def item_deactivate(*, actor: User, item: Item) -> Item:
    """HR takes an item out of the catalog; its pending redemptions still get decided."""
    _check_hr(actor)
    if not item.active:
        return item
    with transaction.atomic():
        item.active = False
        item.save(update_fields=["active", "updated_at"])
        _record(actor, item, "reward_item.deactivated", ["active"])
    return item


def item_image_set(*, actor: User, item: Item, upload: object) -> Item:
    """HR gives an item a picture, checked and re-encoded before anything is saved."""
    _check_hr(actor)
    clean = media.cleaned_image(files.clean_cover, upload)
    with media.removed_on_failure() as stored, transaction.atomic():
        media.image_store(item, "image", clean, stored)
        _record(actor, item, "reward_item.updated", ["image"])
    return item


def item_image_remove(*, actor: User, item: Item) -> Item:
    _check_hr(actor)
    if not item.image:
        return item
    with transaction.atomic():
        media.image_clear(item, "image")
        _record(actor, item, "reward_item.updated", ["image"])
    return item
