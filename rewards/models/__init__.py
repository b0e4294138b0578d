"""The rewards programme's tables: the points ledger and the rules that award points."""

from rewards.models.catalog import Item, Redemption
from rewards.models.ledger import Account, Entry, Transfer
from rewards.models.rules import Rule, RuleVersion

__all__ = ["Account", "Entry", "Item", "Redemption", "Rule", "RuleVersion", "Transfer"]
