"""The rewards programme's tables: the points ledger, the rules that award points,
badges and leaderboard preferences, programmes and their budgets, the reward
catalog with its redemptions, and the share hub's items, links and clicks."""

from rewards.models.badges import Badge, BadgeAward, LeaderboardPreference
from rewards.models.budgets import Budget, Programme
from rewards.models.catalog import Item, Redemption
from rewards.models.ledger import Account, Entry, Transfer
from rewards.models.rules import Rule, RuleVersion
from rewards.models.share import ShareClick, ShareItem, ShareLink

__all__ = [
    "Account",
    "Badge",
    "BadgeAward",
    "Budget",
    "Entry",
    "Item",
    "LeaderboardPreference",
    "Programme",
    "Redemption",
    "Rule",
    "RuleVersion",
    "ShareClick",
    "ShareItem",
    "ShareLink",
    "Transfer",
]
