"""The moderator console: server-rendered pages (Jinja2) mounted at ``/console``."""
