"""REST API for the reward catalog, redemptions and a person's own points (thin:
parse, call one service, render)."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridge.list_params import TimeOrdered
from bridge.pagination import CursorPage
from integrations.scopes import Scope
from network.api.media import ImageFieldView
from rewards import access, selectors
from rewards.api import serializers as s
from rewards.models import Item, Redemption
from rewards.services import catalog as catalog_services
from rewards.services import redemptions as redemption_services


class NewestFirst(CursorPage):
    ordering = ("-created_at", "-id")


class ItemsView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(
        responses=s.ItemSerializer(many=True),
        summary="The rewards one may redeem (HR admins: every item, inactive ones too)",
    )
    def get(self, request: Request) -> Response:
        return Response(s.ItemSerializer(selectors.catalog_for(request.user), many=True).data)

    @extend_schema(
        request=s.ItemInputSerializer,
        responses={201: s.ItemSerializer},
        summary="Add a reward (HR admins)",
    )
    def post(self, request: Request) -> Response:
        serializer = s.ItemInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = catalog_services.item_create(actor=request.user, **serializer.validated_data)
        return Response(s.ItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ItemView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(responses=s.ItemSerializer, summary="A reward")
    def get(self, request: Request, item_id: int) -> Response:
        return Response(s.ItemSerializer(access.access_item(request.user, item_id)).data)

    @extend_schema(
        request=s.ItemInputSerializer(partial=True),
        responses=s.ItemSerializer,
        summary="Change a reward's terms (HR admins)",
    )
    def patch(self, request: Request, item_id: int) -> Response:
        item = access.access_item(request.user, item_id)
        serializer = s.ItemInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        item = catalog_services.item_update(
            actor=request.user, item=item, **serializer.validated_data
        )
        return Response(s.ItemSerializer(item).data)


class ItemDeactivateView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(request=None, responses=s.ItemSerializer, summary="Withdraw a reward (HR)")
    def post(self, request: Request, item_id: int) -> Response:
        item = access.access_item(request.user, item_id)
        item = catalog_services.item_deactivate(actor=request.user, item=item)
        return Response(s.ItemSerializer(item).data)


@extend_schema_view(
    put=extend_schema(summary="Set a reward's picture (HR admins)"),
    delete=extend_schema(summary="Remove a reward's picture"),
)
class ItemImageView(ImageFieldView):
    write_scope = Scope.REWARDS_ADMIN

    def owner(self, request: Request, item_id: int) -> Item:
        return access.access_item(request.user, item_id)

    def store(self, request: Request, owner: Item, upload: object) -> str | None:
        return catalog_services.item_image_set(
            actor=request.user, item=owner, upload=upload
        ).image_url

    def remove(self, request: Request, owner: Item) -> None:
        catalog_services.item_image_remove(actor=request.user, item=owner)


class RedeemView(APIView):
    write_scope = Scope.REWARDS

    @extend_schema(
        request=None,
        responses={201: s.RedemptionSerializer},
        summary="Redeem a reward: its cost is held until HR decides; 409 without enough "
        "points or stock",
    )
    def post(self, request: Request, item_id: int) -> Response:
        item = access.access_item(request.user, item_id)
        redemption = redemption_services.redemption_request(actor=request.user, item=item)
        return Response(s.RedemptionSerializer(redemption).data, status=status.HTTP_201_CREATED)


class RedemptionsView(generics.GenericAPIView):
    pagination_class = NewestFirst
    filter_backends = [TimeOrdered]
    serializer_class = s.RedemptionSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=list(Redemption.Status.values), required=False)
        ],
        responses=s.RedemptionSerializer(many=True),
        summary="One's own redemptions (HR admins: everyone's), newest first",
    )
    def get(self, request: Request) -> Response:
        wanted = request.query_params.get("status") or None
        if wanted is not None and wanted not in Redemption.Status.values:
            choices = ", ".join(Redemption.Status.values)
            raise ValidationError({"status": f"Choose among {choices}."})
        redemptions = selectors.redemptions_for(request.user, status=wanted)
        page = self.paginate_queryset(self.filter_queryset(redemptions))
        return self.get_paginated_response(s.RedemptionSerializer(page, many=True).data)


class RedemptionView(APIView):
    @extend_schema(responses=s.RedemptionSerializer, summary="A redemption")
    def get(self, request: Request, redemption_id: int) -> Response:
        redemption = access.access_redemption(request.user, redemption_id)
        return Response(s.RedemptionSerializer(redemption).data)


class ApproveView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(
        request=None,
        responses=s.RedemptionSerializer,
        summary="Approve (HR admins): stock goes down, the points are spent; 409 when "
        "decided already or out of stock",
    )
    def post(self, request: Request, redemption_id: int) -> Response:
        redemption = access.access_redemption(request.user, redemption_id)
        redemption = redemption_services.redemption_approve(
            actor=request.user, redemption=redemption
        )
        return Response(s.RedemptionSerializer(redemption).data)


class DeclineView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(
        request=s.DeclineSerializer,
        responses=s.RedemptionSerializer,
        summary="Decline with a note (HR admins): the points go back",
    )
    def post(self, request: Request, redemption_id: int) -> Response:
        redemption = access.access_redemption(request.user, redemption_id)
        serializer = s.DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        redemption = redemption_services.redemption_decline(
            actor=request.user, redemption=redemption, note=serializer.validated_data["note"]
        )
        return Response(s.RedemptionSerializer(redemption).data)


class CancelView(APIView):
    write_scope = Scope.REWARDS

    @extend_schema(
        request=None,
        responses=s.RedemptionSerializer,
        summary="Cancel one's own pending redemption: the points go back",
    )
    def post(self, request: Request, redemption_id: int) -> Response:
        redemption = access.access_redemption(request.user, redemption_id)
        redemption = redemption_services.redemption_cancel(
            actor=request.user, redemption=redemption
        )
        return Response(s.RedemptionSerializer(redemption).data)


class MeView(APIView):
    @extend_schema(
        responses=s.WalletSerializer,
        summary="My points: to spend, held, and my latest ledger entries",
    )
    def get(self, request: Request) -> Response:
        return Response(s.WalletSerializer(selectors.wallet_of(request.user)).data)
