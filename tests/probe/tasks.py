from celery import shared_task


@shared_task(name="probe.where_am_i", bind=True, ignore_result=False)
def where_am_i(self, token: str) -> dict[str, str]:
    """Answer with the worker's name, proving the task ran in a worker process."""
    return {"token": token, "hostname": self.request.hostname}
