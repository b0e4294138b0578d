"""Celery wrappers: the backlog drain, run by beat every few seconds."""

from celery import shared_task

from search import backlog


@shared_task(name="search.drain_backlog", ignore_result=True)
def drain_backlog_task() -> int:
    return backlog.drain()
