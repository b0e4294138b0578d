"""What the rewards API reads and writes (rewards/api/catalog.py)."""

from rest_framework import serializers

from network.models import Affiliation
from rewards.models import Entry, Item, Redemption


class ItemSerializer(serializers.ModelSerializer):
    image_url = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "name",
            "description",
            "image_url",
            "cost",
            "stock",
            "affiliations",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ItemInputSerializer(serializers.Serializer):
    """An item's terms; the service checks them (every error at once, by field)."""

    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    cost = serializers.IntegerField(min_value=1, max_value=2_000_000_000)
    stock = serializers.IntegerField(
        min_value=0,
        max_value=2_000_000_000,
        required=False,
        allow_null=True,
        help_text="What is left; empty (null) for unlimited.",
    )
    affiliations = serializers.ListField(
        child=serializers.CharField(max_length=16),
        required=False,
        help_text=f"Who may redeem it, among {', '.join(Affiliation.values)} (default: employees).",
    )
    active = serializers.BooleanField(required=False)


class RedeemerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RedemptionItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RedemptionSerializer(serializers.ModelSerializer):
    item = RedemptionItemSerializer()
    person = RedeemerSerializer()
    decided_by = RedeemerSerializer(allow_null=True)
    status = serializers.ChoiceField(choices=Redemption.Status.choices)

    class Meta:
        model = Redemption
        fields = [
            "id",
            "item",
            "person",
            "points",
            "status",
            "note",
            "decided_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class DeclineSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, help_text="Why: the person reads it.")


class EntrySerializer(serializers.ModelSerializer):
    account = serializers.CharField(source="account.kind")
    kind = serializers.CharField(source="transfer.kind")
    reason = serializers.CharField(source="transfer.reason")
    key = serializers.CharField(source="transfer.key")

    class Meta:
        model = Entry
        fields = ["id", "account", "amount", "kind", "reason", "key", "created_at"]
        read_only_fields = fields


class WalletSerializer(serializers.Serializer):
    balance = serializers.IntegerField(help_text="Points to spend.")
    held = serializers.IntegerField(help_text="Points held for pending redemptions.")
    entries = EntrySerializer(many=True)
