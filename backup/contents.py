"""What a backup holds: the archive's layout, the models whose rows go in, and the migrations.

Layout of the archive (see docs/backup.md):

    data.jsonl      every row, as Django's JSON Lines serialization with natural foreign keys
    files/<name>    every file a FileField refers to, under its storage name
    manifest.json   format and version, creation time, the migrations applied per app, the row
                    count per model, and the size and SHA-256 of data.jsonl and of every file

Models come from the apps registry, so an app added later is included without touching this
package. Left out: content types and permissions (migrate recreates them; rows refer to them by
natural key), sessions, and django-axes' log-in attempts.

Both directions stream (backup.writing, backup.restoring): rows are serialized one by one into the
ZIP member and files are copied in chunks, so neither the database nor the files are ever held in
memory.
"""

from __future__ import annotations

from django.apps import apps
from django.core import serializers
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, models, router
from django.db.migrations.loader import MigrationLoader

FORMAT = "planaccion-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
FILES_DIR = "files/"
CHUNK_SIZE = 1024 * 1024

# Recreated by migrate (contenttypes, permissions) or not worth keeping (sessions).
EXCLUDED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# django-axes keeps transient log-in attempts and access logs.
EXCLUDED_APPS = {"axes"}


class BackupError(CommandError):
    """A backup or restore refused or failed; the message is for the person running it."""


def backed_up_models(using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """Every model whose rows go into the archive, ordered so natural keys load first."""
    app_list = [
        (
            app_config,
            [
                model
                for model in app_config.get_models()
                if not model._meta.proxy
                and model._meta.managed
                and model._meta.label_lower not in EXCLUDED_MODELS
                and router.allow_migrate_model(using, model)
            ],
        )
        for app_config in apps.get_app_configs()
        if app_config.label not in EXCLUDED_APPS
    ]
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def file_fields(model_list) -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, model_field)
        for model in model_list
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.FileField)
    ]


def migration_state(connection) -> dict[str, list[str]]:
    """The latest applied migrations of each app (more than one only after unmerged branches)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations) & set(loader.graph.nodes)
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        children = loader.graph.node_map[(app_label, name)].children
        if not any(child.key in applied and child.key[0] == app_label for child in children):
            state.setdefault(app_label, []).append(name)
    return state
