"""Configuration: schema, loading and validation."""

from ollama_agent_router.config.errors import ConfigError, Problem
from ollama_agent_router.config.loader import (
    find_config,
    load_config,
    ollama_host_url,
    parse_config,
)
from ollama_agent_router.config.models import (
    AccessConfig,
    ApiKey,
    GpuConfig,
    ModelConfig,
    RouterConfig,
    dump_config,
    parse_byte_size,
)

__all__ = [
    "AccessConfig",
    "ApiKey",
    "ConfigError",
    "GpuConfig",
    "ModelConfig",
    "Problem",
    "RouterConfig",
    "dump_config",
    "find_config",
    "load_config",
    "ollama_host_url",
    "parse_byte_size",
    "parse_config",
]
