"""The web app: FastAPI routes that call services, Jinja2 templates, HTMX, vendored assets."""
