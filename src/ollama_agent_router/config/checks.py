"""Rules that span several keys, checked after each section validated on its own."""

from __future__ import annotations

from ollama_agent_router.config.errors import Problem
from ollama_agent_router.config.models import RouterConfig


def cross_field_problems(config: RouterConfig) -> list[Problem]:
    problems: list[Problem] = []
    names = config.model_names
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            problems.append(Problem(f"models[{index}].name", f"duplicate model name {name!r}"))
        seen.add(name)
    for index, model in enumerate(config.models):
        if (
            model.default_context is not None
            and model.max_context is not None
            and model.default_context > model.max_context
        ):
            problems.append(
                Problem(f"models[{index}].defaultContext", "must not exceed maxContext")
            )

    unknown = [
        f"{task}:{name}"
        for task, route in config.routes.items()
        for name in route
        if name not in seen
    ]
    if unknown:
        problems.append(Problem("routes", "Routes reference unknown models: " + ", ".join(unknown)))

    https = config.server.https
    if https.enabled and https.cert_path is None:
        problems.append(Problem("server.https.certPath", "required when HTTPS is enabled"))
    if https.enabled and https.key_path is None:
        problems.append(Problem("server.https.keyPath", "required when HTTPS is enabled"))

    access = config.access
    if access is not None:
        admin = access.admin
        if admin.enabled and access.managed_config_path is None:
            problems.append(
                Problem("access.managedConfigPath", "required when access.admin.enabled is true")
            )
        if admin.enabled and not admin.api_key_hashes:
            problems.append(
                Problem(
                    "access.admin.apiKeyHashes",
                    "at least one admin key hash is required when access.admin.enabled is true",
                )
            )
        if admin.client_cert.required and not https.enabled:
            problems.append(
                Problem(
                    "access.admin.clientCert.required",
                    "client certificates need server.https.enabled: true",
                )
            )
        if admin.client_cert.required and https.ca_path is None:
            problems.append(
                Problem(
                    "access.admin.clientCert.required",
                    "client certificates need server.https.caPath (the CA that signs them)",
                )
            )

    classification = config.router.classification
    if classification.mode in ("model", "cascade") and not classification.optional_classifier_model:
        problems.append(
            Problem(
                "router.classification.optionalClassifierModel",
                f"required when router.classification.mode is {classification.mode!r}",
            )
        )
    if classification.mode == "embedding" and not classification.embedding_model:
        problems.append(
            Problem(
                "router.classification.embeddingModel",
                "required when router.classification.mode is 'embedding'",
            )
        )
    return problems
