"""Proof that the ledger adds up (`manage.py ledger_check`, and the HR console): every
balance equals the sum of its entries, every transfer sums to zero, and so all
entries together sum to zero; no account but issuance is below zero; and each
programme budget holds what HR set, less what its awards took (its amount equals
its funding)."""

from django.db import connection
from django.db.backends.utils import CursorWrapper


def ledger_problems() -> list[str]:
    """What is wrong with the ledger, in words; empty when it adds up."""
    problems = []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT account.key, account.balance, coalesce(sum(entry.amount), 0)
              FROM rewards_account AS account
              LEFT JOIN rewards_entry AS entry ON entry.account_id = account.id
             GROUP BY account.id, account.key, account.balance
            HAVING account.balance <> coalesce(sum(entry.amount), 0)
             ORDER BY account.key
            """
        )
        problems += [
            f"account {key}: balance {balance}, but its entries sum to {entries}"
            for key, balance, entries in cursor.fetchall()
        ]
        cursor.execute(
            """
            SELECT transfer_id, sum(amount) FROM rewards_entry
             GROUP BY transfer_id HAVING sum(amount) <> 0 ORDER BY transfer_id
            """
        )
        problems += [
            f"transfer #{transfer_id}: its entries sum to {total}, not 0"
            for transfer_id, total in cursor.fetchall()
        ]
        cursor.execute(
            """
            SELECT transfer.id FROM rewards_transfer AS transfer
             WHERE NOT EXISTS (SELECT 1 FROM rewards_entry WHERE transfer_id = transfer.id)
            """
        )
        problems += [f"transfer #{row[0]}: no entries" for row in cursor.fetchall()]
        cursor.execute("SELECT coalesce(sum(amount), 0) FROM rewards_entry")
        (total,) = cursor.fetchone()
        if total != 0:
            problems.append(f"all entries sum to {total}, not 0")
        cursor.execute(
            "SELECT key, balance FROM rewards_account WHERE balance < 0 AND kind <> 'issuance'"
        )
        problems += [f"account {key}: below zero ({balance})" for key, balance in cursor.fetchall()]
        problems += _budgets_not_funded_as_set(cursor)
    return problems


def _budgets_not_funded_as_set(cursor: CursorWrapper) -> list[str]:
    """A budget's spent is its amount less its balance: true only while the funding
    transfers into its account sum to the amount HR set."""
    cursor.execute(
        """
        SELECT account.key, budget.amount, coalesce(sum(entry.amount), 0)
          FROM rewards_budget AS budget
          JOIN rewards_account AS account ON account.id = budget.account_id
          LEFT JOIN rewards_entry AS entry
            ON entry.account_id = account.id
           AND entry.transfer_id IN (SELECT id FROM rewards_transfer WHERE kind = 'funding')
         GROUP BY account.key, budget.amount
        HAVING budget.amount <> coalesce(sum(entry.amount), 0)
         ORDER BY account.key
        """
    )
    return [
        f"budget {key}: set to {amount}, but funded with {funded}"
        for key, amount, funded in cursor.fetchall()
    ]
