"""Proof that the ledger adds up (`manage.py ledger_check`, and the HR console): every
balance equals the sum of its entries, every transfer sums to zero, and so all
entries together sum to zero; no account but issuance is below zero."""

from django.db import connection


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
    return problems
