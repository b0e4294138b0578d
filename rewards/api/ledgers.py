"""REST API for people's ledgers, HR's adjustments and reversals (thin: parse, call
one service or selector, render).

People see only their own ledger, at `me/ledger/`; `people/<id>/…` is HR's and
answers 404 to anyone else, as if the person had no ledger.
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridge.errors import Conflict
from bridge.params import whole_number
from integrations.scopes import Scope
from network.access import NotFound, one_or_none
from network.models import User
from rewards import ledger_views
from rewards.access import is_hr
from rewards.models import Account, Entry, Transfer
from rewards.services import ledger

MAX_CLIENT_KEY = 100


# --- Who may read what ----------------------------------------------------------------


def person_for_hr(user: User, person_id: int) -> User:
    """The person whose ledger HR reads; NotFound for anyone but HR."""
    person = one_or_none(User.objects.all(), pk=person_id) if is_hr(user) else None
    if person is None:
        raise NotFound("No such person.")
    return person


def transfer_visible_to(user: User, transfer_id: int) -> Transfer:
    """HR sees every transfer; a person the ones touching their own accounts."""
    found = Transfer.objects.filter(pk=transfer_id)
    if not is_hr(user):
        found = found.filter(pk__in=Entry.objects.filter(account__owner=user).values("transfer"))
    transfer = one_or_none(found, pk=transfer_id)
    if transfer is None:
        raise NotFound("No such transfer.")
    return transfer


def _before(request: Request) -> int | None:
    raw = request.query_params.get("before")
    before = whole_number(raw)
    if raw and before is None:
        raise ValidationError({"before": "Give the id the previous page ended on."})
    return before


# --- What is read and written ---------------------------------------------------------


class LedgerPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LedgerTransferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Transfer.Kind.choices)
    wallet_amount = serializers.IntegerField(
        default=0, help_text="What it did to the person's wallet (0: nothing)."
    )
    hold_amount = serializers.IntegerField(
        default=0, help_text="What it did to the person's held points (0: nothing)."
    )
    reason = serializers.CharField()
    rule = serializers.CharField(source="rule_version.rule.name", default=None, allow_null=True)
    rule_version = serializers.IntegerField(
        source="rule_version.number", default=None, allow_null=True
    )
    actor = LedgerPersonSerializer(allow_null=True)
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True)
    reversed_by = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_reversed_by(self, transfer: Transfer) -> int | None:
        reversal = getattr(transfer, "reversal", None)
        return reversal.pk if reversal is not None else None

    def to_representation(self, instance: Transfer) -> dict:
        data = super().to_representation(instance)
        data["wallet_amount"] = data["wallet_amount"] or 0
        data["hold_amount"] = data["hold_amount"] or 0
        return data


class PersonLedgerSerializer(serializers.Serializer):
    person = LedgerPersonSerializer()
    balance = serializers.IntegerField(help_text="Points to spend.")
    held = serializers.IntegerField(help_text="Points held for pending redemptions.")
    transfers = LedgerTransferSerializer(many=True, help_text="Newest first.")
    older = serializers.IntegerField(
        allow_null=True, help_text="Pass as `before` for the next (older) page; null: none."
    )


class AdjustmentInputSerializer(serializers.Serializer):
    points = serializers.IntegerField(
        min_value=-1_000_000_000,
        max_value=1_000_000_000,
        help_text="Points to give (positive) or take back (negative).",
    )
    reason = serializers.CharField(max_length=2000, help_text="Why: kept in the ledger.")
    key = serializers.CharField(
        max_length=MAX_CLIENT_KEY,
        required=False,
        help_text="The client's key for this adjustment, if no Idempotency-Key header.",
    )


class ReversalInputSerializer(serializers.Serializer):
    # Blank passes here so that the service answers first who may reverse (403),
    # then that a reason is needed (400).
    reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="Why: kept in the ledger."
    )


BEFORE = OpenApiParameter("before", int, required=False, description="Older than this id.")


def _ledger_response(person: User, request: Request) -> Response:
    page = ledger_views.ledger_of(person, before=_before(request))
    return Response(PersonLedgerSerializer(page).data)


class MyLedgerView(APIView):
    """Balances with a page of transfers; ``older`` → ``before`` is a keyset over ids,
    stable while transfers arrive (the HR console pages the same way)."""

    @extend_schema(
        parameters=[BEFORE],
        responses=PersonLedgerSerializer,
        summary="One's own ledger: balances and every transfer, newest first (50 a page)",
    )
    def get(self, request: Request) -> Response:
        return _ledger_response(request.user, request)


class PersonLedgerView(APIView):
    @extend_schema(
        parameters=[BEFORE],
        responses=PersonLedgerSerializer,
        summary="A person's ledger (HR admins; 404 for anyone else)",
    )
    def get(self, request: Request, person_id: int) -> Response:
        return _ledger_response(person_for_hr(request.user, person_id), request)


def _client_key(request: Request, given: str | None) -> str:
    key = (request.headers.get("Idempotency-Key") or given or "").strip()
    if not key or len(key) > MAX_CLIENT_KEY:
        raise ValidationError(
            {
                "key": f"Send an Idempotency-Key header (up to {MAX_CLIENT_KEY} characters): "
                "a retried request then adjusts once."
            }
        )
    return key


def _wallet_amount(transfer: Transfer) -> int:
    return next(
        (e.amount for e in transfer.entries.all() if e.account.kind == Account.Kind.WALLET), 0
    )


class AdjustmentsView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(
        request=AdjustmentInputSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                location=OpenApiParameter.HEADER,
                required=False,
                description="Unique per adjustment: a retry with it adjusts once.",
            )
        ],
        responses={201: LedgerTransferSerializer},
        summary="Give or take back points by hand (HR admins); 409 below zero",
    )
    def post(self, request: Request, person_id: int) -> Response:
        person = person_for_hr(request.user, person_id)
        given = AdjustmentInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        key = f"adjustment:{request.user.pk}:{person.pk}:{_client_key(request, data.get('key'))}"
        made = ledger.adjust(
            actor=request.user,
            person=person,
            points=data["points"],
            reason=data["reason"],
            key=key,
        )
        if made.kind != Transfer.Kind.ADJUSTMENT or _wallet_amount(made) != data["points"]:
            raise Conflict("This key was used for a different adjustment.")
        line = ledger_views.transfers_of(person).get(pk=made.pk)
        return Response(LedgerTransferSerializer(line).data, status=status.HTTP_201_CREATED)


class ReverseView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(
        request=ReversalInputSerializer,
        responses={201: LedgerTransferSerializer},
        summary="Undo a transfer with its opposite (HR admins); 409 if reversed already, "
        "a reversal, or the points have moved on",
    )
    def post(self, request: Request, transfer_id: int) -> Response:
        undone = transfer_visible_to(request.user, transfer_id)
        given = ReversalInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        made = ledger.reverse(
            actor=request.user,
            transfer_to_undo=undone,
            reason=given.validated_data.get("reason", ""),
        )
        return Response(_transfer_line(made), status=status.HTTP_201_CREATED)


def _transfer_line(made: Transfer) -> dict:
    """A transfer as a ledger line, seen from the first person it touches."""
    owner = next((e.account.owner for e in made.entries.all() if e.account.owner_id), None)
    found = ledger_views.transfers_of(owner).get(pk=made.pk) if owner else made
    return LedgerTransferSerializer(found).data
