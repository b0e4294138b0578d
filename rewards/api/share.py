"""REST API for the share hub (thin: parse, call one service, render).

Everyone signed in lists what they may share and gets their own link and text; HR
admins also see retired items and create and change them."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.scopes import Scope
from network.models import Affiliation
from rewards.models import ShareItem
from rewards.services import share


class ShareItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShareItem
        fields = [
            "id",
            "title",
            "url",
            "suggested_text",
            "affiliations",
            "active",
            "starts_at",
            "ends_at",
            "created_at",
        ]


class ShareItemInputSerializer(serializers.Serializer):
    """An item's terms; the service checks them (every error at once, by field)."""

    # Blank passes here so the service names every refused field at once.
    title = serializers.CharField(max_length=200, allow_blank=True)
    # Checked by the service (http or https only), as on the console's form.
    url = serializers.CharField(max_length=500)
    suggested_text = serializers.CharField(max_length=1000, allow_blank=True)
    affiliations = serializers.ListField(
        child=serializers.CharField(max_length=16),
        required=False,
        help_text=f"Who may share it, among {', '.join(Affiliation.values)} (default: employees).",
    )
    active = serializers.BooleanField(required=False)
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    ends_at = serializers.DateTimeField(required=False, allow_null=True)


class ShareLinkSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    url = serializers.CharField(help_text="The tracked link: /s/<token> on this site.")
    words = serializers.CharField(help_text="The ambassador's words (or the suggested text).")
    disclosure = serializers.CharField(help_text="Always appended by the server.")
    text = serializers.CharField(help_text="What to post: words, link, disclosure.")
    clicks = serializers.IntegerField(help_text="Counted clicks on this link.")


class WordsSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=1000, allow_blank=True, help_text="Empty: the suggested text again."
    )


def _visitor(request: Request) -> str:
    """The caller's visitor hash: their own later clicks from here count nothing."""
    return share.visitor_of(
        request.META.get("REMOTE_ADDR", ""), request.headers.get("user-agent", "")
    )


def _link_view(link: object) -> dict:
    return {
        "item_id": link.item_id,
        "url": share.tracked_url(link),
        "words": link.text or link.item.suggested_text,
        "disclosure": share.disclosure_for(link.ambassador),
        "text": share.share_text(link),
        "clicks": link.clicks.count(),
    }


class ShareItemsView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(
        responses=ShareItemSerializer(many=True),
        summary="What one may share now (HR admins: every item, retired ones too)",
    )
    def get(self, request: Request) -> Response:
        items = share.items_visible_to(request.user)
        return Response(ShareItemSerializer(items, many=True).data)

    @extend_schema(
        request=ShareItemInputSerializer,
        responses={201: ShareItemSerializer},
        summary="Add an item to the share hub (HR admins)",
    )
    def post(self, request: Request) -> Response:
        serializer = ShareItemInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = share.share_item_create(actor=request.user, **serializer.validated_data)
        return Response(ShareItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ShareItemView(APIView):
    write_scope = Scope.REWARDS_ADMIN

    @extend_schema(responses=ShareItemSerializer, summary="An item of the share hub")
    def get(self, request: Request, item_id: int) -> Response:
        return Response(ShareItemSerializer(share.access_item(request.user, item_id)).data)

    @extend_schema(
        request=ShareItemInputSerializer(partial=True),
        responses=ShareItemSerializer,
        summary="Change an item, or retire it with active=false (HR admins)",
    )
    def patch(self, request: Request, item_id: int) -> Response:
        item = share.access_item(request.user, item_id)
        serializer = ShareItemInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        item = share.share_item_update(actor=request.user, item=item, **serializer.validated_data)
        return Response(ShareItemSerializer(item).data)


class MyLinkView(APIView):
    write_scope = Scope.REWARDS

    @extend_schema(
        responses=ShareLinkSerializer,
        summary="My tracked link to an item and the text to post, disclosure included",
    )
    def get(self, request: Request, item_id: int) -> Response:
        item = share.access_shareable(request.user, item_id)
        link = share.link_for(request.user, item, visitor=_visitor(request))
        return Response(ShareLinkSerializer(_link_view(link)).data)

    @extend_schema(
        request=WordsSerializer,
        responses=ShareLinkSerializer,
        summary="Reword my share; the disclosure is added whatever the words",
    )
    def put(self, request: Request, item_id: int) -> Response:
        item = share.access_shareable(request.user, item_id)
        serializer = WordsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link = share.link_for(request.user, item)
        link = share.link_text_set(
            actor=request.user, link=link, text=serializer.validated_data["text"]
        )
        return Response(ShareLinkSerializer(_link_view(link)).data)
