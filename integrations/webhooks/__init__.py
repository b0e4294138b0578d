"""Outbound webhooks: activities sent, signed, to the URLs people subscribe.

events.py is the catalogue of event types; handlers.py turns activities into
deliveries (only what the subscription's owner may see); delivery.py sends them in
order per subscription, retries and disables; docs/webhooks.md is the contract.
"""
