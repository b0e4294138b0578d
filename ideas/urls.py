from django.urls import path

from ideas.api import exports, flow, media, review, views

urlpatterns = [
    path(
        "communities/<int:community_id>/boards/",
        views.CommunityBoardsView.as_view(),
        name="api-community-boards",
    ),
    path("boards/<int:board_id>/", views.BoardView.as_view(), name="api-board"),
    path("boards/<int:board_id>/cover/", media.BoardCoverView.as_view(), name="api-board-cover"),
    path("boards/<int:board_id>/ideas/", views.BoardIdeasView.as_view(), name="api-board-ideas"),
    path(
        "boards/<int:board_id>/ideas/export/",
        exports.BoardIdeasExportView.as_view(),
        name="api-board-ideas-export",
    ),
    path(
        "boards/<int:board_id>/similar/", views.SimilarIdeasView.as_view(), name="api-board-similar"
    ),
    path("ideas/<int:idea_id>/", views.IdeaView.as_view(), name="api-idea"),
    path(
        "ideas/<int:idea_id>/revisions/", views.RevisionsView.as_view(), name="api-idea-revisions"
    ),
    path("ideas/<int:idea_id>/vote/", views.VoteView.as_view(), name="api-idea-vote"),
    path(
        "ideas/<int:idea_id>/coauthors/", views.CoauthorsView.as_view(), name="api-idea-coauthors"
    ),
    path(
        "ideas/<int:idea_id>/coauthors/respond/",
        views.CoauthorResponseView.as_view(),
        name="api-idea-coauthor-respond",
    ),
    path("ideas/<int:idea_id>/builds-on/", views.BuildsOnView.as_view(), name="api-idea-builds-on"),
    path(
        "ideas/<int:idea_id>/builds-on/<int:source_id>/",
        views.BuildsOnLinkView.as_view(),
        name="api-idea-builds-on-link",
    ),
    # Review: criteria, roles, scores, the funnel, merges (ideas/api/review.py).
    path(
        "boards/<int:board_id>/criteria/", review.CriteriaView.as_view(), name="api-board-criteria"
    ),
    path("boards/<int:board_id>/roles/", review.RolesView.as_view(), name="api-board-roles"),
    path("boards/<int:board_id>/funnel/", review.FunnelView.as_view(), name="api-board-funnel"),
    path("ideas/<int:idea_id>/scores/", review.ScoresView.as_view(), name="api-idea-scores"),
    path(
        "ideas/<int:idea_id>/scorecard/", review.ScorecardView.as_view(), name="api-idea-scorecard"
    ),
    path("ideas/<int:idea_id>/merge/", review.MergeView.as_view(), name="api-idea-merge"),
    path("merges/<int:merge_id>/undo/", review.UndoMergeView.as_view(), name="api-merge-undo"),
    # Discussion, following, stage moves, outcomes (ideas/api/flow.py).
    path(
        "ideas/<int:idea_id>/comments/", flow.IdeaCommentsView.as_view(), name="api-idea-comments"
    ),
    path(
        "idea-comments/<int:comment_id>/",
        flow.IdeaCommentView.as_view(),
        name="api-idea-comment",
    ),
    path(
        "idea-comments/<int:comment_id>/hide/",
        flow.IdeaCommentHideView.as_view(hide=True),
        name="api-idea-comment-hide",
    ),
    path(
        "idea-comments/<int:comment_id>/unhide/",
        flow.IdeaCommentHideView.as_view(hide=False),
        name="api-idea-comment-unhide",
    ),
    path("ideas/<int:idea_id>/follow/", flow.FollowView.as_view(), name="api-idea-follow"),
    path("ideas/<int:idea_id>/stage/", flow.StageMoveView.as_view(), name="api-idea-stage"),
    path("ideas/<int:idea_id>/stages/", flow.StageHistoryView.as_view(), name="api-idea-stages"),
    path("ideas/<int:idea_id>/outcome/", flow.OutcomeView.as_view(), name="api-idea-outcome"),
]
