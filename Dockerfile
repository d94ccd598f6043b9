# The app under gunicorn, static files collected at build time and served by whitenoise.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, in their own layer: it is rebuilt only when pyproject.toml changes.
COPY pyproject.toml README.md ./
RUN mkdir negotiations && touch negotiations/__init__.py \
    && pip install . \
    && pip uninstall --yes negotiations \
    && rm -rf negotiations build ./*.egg-info

COPY . .

# Production settings refuse to load without a secret key and hosts; this key exists only for
# collectstatic during the build and never signs anything at run time.
RUN DEBUG=false ALLOWED_HOSTS=build \
    SECRET_KEY=collectstatic-during-the-image-build-only-never-used-at-run-time \
    python manage.py collectstatic --no-input

RUN useradd --system --no-create-home app
USER app

EXPOSE 8000
# gunicorn kills a worker silent for 30 s by default. The analysis of a hard scenario takes up to its
# frontier's work bound (20-35 s of CPU, by machine) and its bargaining solutions' 10 s: 46 s in all
# through the API on the hardest scenario of docs/benchmarks.md. 120 s leaves room for a slower
# server. Set here, it holds for docker-compose's command too.
ENV GUNICORN_CMD_ARGS="--timeout 120"
CMD ["gunicorn", "negotiations.wsgi", "--bind", "0.0.0.0:8000"]
