"""The rewards programme's tables: the points ledger and the rules that award points."""

from rewards.models.badges import Badge, BadgeAward, LeaderboardPreference
from rewards.models.ledger import Account, Entry, Transfer
from rewards.models.rules import Rule, RuleVersion

__all__ = [
    "Account",
    "Badge",
    "BadgeAward",
    "Entry",
    "LeaderboardPreference",
    "Rule",
    "RuleVersion",
    "Transfer",
]
