"""The rewards programme's tables: the points ledger, the rules that award points,
badges and leaderboard preferences, programmes and their budgets, and the reward
catalog with its redemptions."""

from rewards.models.badges import Badge, BadgeAward, LeaderboardPreference
from rewards.models.budgets import Budget, Programme
from rewards.models.catalog import Item, Redemption
from rewards.models.ledger import Account, Entry, Transfer
from rewards.models.rules import Rule, RuleVersion

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
    "Transfer",
]
