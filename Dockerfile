# The application image for docker-compose.yml: gunicorn, static files served by WhiteNoise.
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
ENV PATH="/app/.venv/bin:$PATH" DJANGO_SETTINGS_MODULE=cip.settings
# collectstatic needs settings but no database or real secret.
RUN SECRET_KEY=collectstatic-only-not-a-real-secret-0123456789abcdefghijklmnop \
    PSEUDONYM_KEY=collectstatic-only-not-a-real-key \
    python manage.py collectstatic --no-input
RUN useradd --system --uid 1000 cip && chown -R cip /app
USER cip
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && gunicorn cip.wsgi --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
