# One image for every Bridge process: web (daphne), worker and beat (Celery).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --system --create-home --home-dir /home/bridge bridge

# Dependencies first, so that code changes reuse the cached layer.
COPY pyproject.toml README.md ./
COPY requirements/constraints.txt requirements/constraints.txt
RUN pip install --no-cache-dir -c requirements/constraints.txt \
    $(python -c "import tomllib; print(' '.join(tomllib.load(open('pyproject.toml','rb'))['project']['dependencies']))")

COPY . .
RUN pip install --no-cache-dir --no-deps -e . \
    && SECRET_KEY=collectstatic-only STATIC_ROOT=/app/static python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown bridge /app/media

USER bridge
ENV STATIC_ROOT=/app/static MEDIA_ROOT=/app/media
EXPOSE 8000
CMD ["python", "-m", "bridge.serve", "--bind", "0.0.0.0", "--port", "8000", "--proxy-headers", "bridge.asgi:application"]
