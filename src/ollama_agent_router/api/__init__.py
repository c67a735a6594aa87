"""The HTTP API: one subpackage per face over the shared ``serving`` pipeline; the app
(``app.create_app``) mounts the rows of ``table.py``."""
