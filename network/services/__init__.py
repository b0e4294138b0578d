"""Writes to the network, by sub-domain: people, communities, memberships.

Each service checks (who may do it, whether the state allows it), then does,
then records its activity in the same transaction.
"""
