"""The configuration schema: one strict pydantic model per section of the YAML file.

Attributes are snake_case; the YAML keys are their camelCase aliases (``sizeGb``,
``maxConcurrent``). Unknown keys are rejected everywhere so that typos never pass.
Relative paths are resolved against the config file's folder, passed in the
validation context as ``base_dir``.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

from ollama_agent_router.tasks import Mode, Priority


class Section(BaseModel):
    """Base of every config section: camelCase keys, no unknown keys, immutable."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
        validate_default=True,
    )


def _resolve_path(value: Path | None, info: ValidationInfo) -> Path | None:
    if value is None:
        return None
    value = value.expanduser()
    base = (info.context or {}).get("base_dir") if info.context else None
    if not value.is_absolute() and base is not None:
        value = Path(base) / value
    return value


ConfigPath = Annotated[Path, AfterValidator(_resolve_path)]
"""A filesystem path; relative ones are taken from the config file's folder."""

_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3}


def parse_byte_size(value: str | int) -> int:
    """Parse ``4mb``/``512kb``/``1024`` into bytes (binary units, as the reference)."""
    if isinstance(value, bool):
        raise ValueError("must be a size such as 4mb, 512kb or a number of bytes")
    if isinstance(value, int):
        if value <= 0:
            raise ValueError("must be positive")
        return value
    match = _SIZE_RE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a size; use a number with kb or mb, e.g. 4mb")
    number, unit = float(match.group(1)), (match.group(2) or "b").lower()
    size = int(number * _SIZE_UNITS[unit])
    if size <= 0:
        raise ValueError("must be positive")
    return size


def _check_key_hash(value: str) -> str:
    if not re.fullmatch(r"sha256:[0-9a-f]{64}", value):
        raise ValueError(
            "must be 'sha256:' followed by 64 lowercase hex digits (see `oar keys create`)"
        )
    return value


KeyHash = Annotated[str, AfterValidator(_check_key_hash)]


def _size_or_duration(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("must be a string such as 4mb or a whole number")
    return value


SizeValue = Annotated[str | int, BeforeValidator(_size_or_duration)]


class HttpsConfig(Section):
    enabled: bool = False
    cert_path: ConfigPath | None = None
    key_path: ConfigPath | None = None
    ca_path: ConfigPath | None = None


def _check_node_id(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9.-]+", value):
        raise ValueError("may contain only letters, digits, dots and dashes")
    return value


def _check_network(value: str) -> str:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise ValueError(f"{value!r} is not an IP address or CIDR block") from None
    return value


Network = Annotated[str, AfterValidator(_check_network)]
"""An IP address or CIDR block, IPv4 or IPv6."""


def _check_host_pattern(value: str) -> str:
    """``name``, ``name:port``, an IP (IPv6 in brackets), ``*.domain`` or ``*``."""
    if value == "*":
        return value
    if not re.fullmatch(r"(\*\.)?([A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?", value):
        raise ValueError(f"{value!r} is not a host name; use name, name:port, [::1], *.domain or *")
    return value


def _check_origin_pattern(value: str) -> str:
    """``scheme://host[:port]`` where ``*`` may stand for any run of characters."""
    if value == "*":
        return value
    if not re.fullmatch(r"[a-z][a-z0-9+.-]*://[^/\s]*", value) and value != "null":
        raise ValueError(
            f"{value!r} is not an origin; use scheme://host[:port], e.g. "
            "https://app.example.com or http://localhost:*"
        )
    return value


HostPattern = Annotated[str, AfterValidator(_check_host_pattern)]
OriginPattern = Annotated[str, AfterValidator(_check_origin_pattern)]


class CorsConfig(Section):
    """Browser origins allowed to call the router (CORS), as Ollama's ``OLLAMA_ORIGINS``.

    Ollama's local origins and the router's own origin are always allowed; these are
    allowed besides them. Empty (the default): only those.
    """

    allowed_origins: list[OriginPattern] = []


class ServerConfig(Section):
    node_id: Annotated[str, AfterValidator(_check_node_id)] = "local"
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535)] = 11435
    base_path: str = "/"
    request_body_limit: SizeValue = "4mb"
    max_header_size: SizeValue = "64kb"
    """Request line plus headers; more → 431 and the connection is closed."""
    max_header_count: Annotated[int, Field(ge=8, le=10000)] = 100
    trusted_proxies: list[Network] = []
    """Peers whose ``X-Forwarded-For`` is believed (addresses or CIDR blocks)."""
    allowed_hosts: list[HostPattern] = []
    """``Host`` values accepted besides the listen address and the local names."""
    cors: CorsConfig = CorsConfig()
    cors_origins: list[OriginPattern] = []
    """Deprecated spelling of ``cors.allowed_origins``; merged into it when given."""
    https: HttpsConfig = HttpsConfig()
    docs: Literal["auto", "on", "off"] = "auto"
    """OpenAPI docs: ``auto`` serves them only when bound to a loopback address."""

    @field_validator("base_path")
    @classmethod
    def _normalise_base_path(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("must start with '/'")
        if any(ch.isspace() for ch in value) or "?" in value or "#" in value:
            raise ValueError("must be a plain URL path")
        return value.rstrip("/") or "/"

    @field_validator("request_body_limit")
    @classmethod
    def _check_body_limit(cls, value: str | int) -> str | int:
        parse_byte_size(value)
        return value

    @field_validator("max_header_size")
    @classmethod
    def _check_header_size(cls, value: str | int) -> str | int:
        size = parse_byte_size(value)
        if not 1024 <= size <= 16 * 1024 * 1024:
            raise ValueError("must be between 1kb and 16mb")
        return value

    @model_validator(mode="after")
    def _merge_deprecated_cors_origins(self) -> ServerConfig:
        if not self.cors_origins:
            return self
        merged = list(dict.fromkeys([*self.cors.allowed_origins, *self.cors_origins]))
        cors = self.cors.model_copy(update={"allowed_origins": merged})
        # The model is frozen and an "after" validator must return this very instance.
        object.__setattr__(self, "cors", cors)
        return self

    def deprecations(self) -> list[str]:
        """Deprecated keys this section was given, each as a message naming the new key."""
        if "cors_origins" not in self.model_fields_set:
            return []
        return [
            "server.corsOrigins is deprecated: use server.cors.allowedOrigins "
            "(its entries are merged into it)"
        ]

    @property
    def request_body_limit_bytes(self) -> int:
        return parse_byte_size(self.request_body_limit)

    @property
    def max_header_bytes(self) -> int:
        return parse_byte_size(self.max_header_size)

    @property
    def prefix(self) -> str:
        """Base path as a mount prefix: empty for ``/``."""
        return "" if self.base_path == "/" else self.base_path


class RateLimit(Section):
    requests: Annotated[int, Field(ge=1)]
    window_seconds: Annotated[int, Field(ge=1)]


class PlaneAuth(Section):
    require_api_key: bool = False
    anonymous: Literal["allow", "reject", "limited"] = "allow"


class PlaneConfig(Section):
    enabled: bool = True
    auth: PlaneAuth = PlaneAuth()
    default_limit: RateLimit | None = None

    @model_validator(mode="after")
    def _limited_needs_a_limit(self) -> PlaneConfig:
        if self.auth.anonymous == "limited" and self.default_limit is None:
            raise ValueError("auth.anonymous 'limited' needs a defaultLimit")
        return self


class Planes(Section):
    standalone: PlaneConfig = PlaneConfig()
    runtime_agent: PlaneConfig = PlaneConfig()


class KeyLimits(Section):
    standalone: RateLimit | None = None
    runtime_agent: RateLimit | None = None


def _check_key_id(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9._:-]+", value):
        raise ValueError("may contain only letters, digits and . _ : -")
    if value in _RESERVED_KEY_IDS:
        raise ValueError(f"{value!r} is reserved: {_RESERVED_KEY_IDS[value]}")
    return value


_RESERVED_KEY_IDS = {
    "admin": "it names the admin plane in the audit and request logs",
    "anonymous": "it names callers without a key",
}


class ApiKey(Section):
    id: Annotated[str, AfterValidator(_check_key_id)]
    name: str | None = None
    key_hash: KeyHash
    enabled: bool = True
    scopes: Annotated[list[Literal["standalone", "runtimeAgent"]], Field(min_length=1)]
    limits: KeyLimits | None = None


class ManagedAccess(Section):
    """The part of the access policy the admin API may change."""

    version: Annotated[int, Field(ge=1)] = 1
    updated_at: str | None = None
    planes: Planes = Planes()
    api_keys: list[ApiKey] = []

    @field_validator("api_keys")
    @classmethod
    def _unique_ids(cls, keys: list[ApiKey]) -> list[ApiKey]:
        seen: set[str] = set()
        for key in keys:
            if key.id in seen:
                raise ValueError(f"duplicate key id {key.id!r}")
            seen.add(key.id)
        return keys


class ClientCertPolicy(Section):
    required: bool = False
    allowed_fingerprints: list[str] = []
    allowed_subjects: list[str] = []


class AdminConfig(Section):
    """Boot-only settings that protect the admin plane; the admin API cannot change them."""

    enabled: bool = False
    allowed_ips: list[Network] = ["127.0.0.1", "::1"]
    trusted_proxy: bool = False
    api_key_hashes: list[KeyHash] = []
    client_cert: ClientCertPolicy = ClientCertPolicy()
    audit_log: bool = True


class RateLimitStore(Section):
    store: Literal["memory", "redis"] = "memory"
    redis_url: str = "redis://127.0.0.1:6379/0"


class AccessConfig(Section):
    managed_config_path: ConfigPath | None = None
    bootstrap_if_missing: bool = False
    admin: AdminConfig = AdminConfig()
    managed: ManagedAccess = ManagedAccess()
    rate_limit: RateLimitStore = RateLimitStore()


class OllamaConfig(Section):
    base_url: str = "http://127.0.0.1:11434"
    api: Literal["openai", "native"] = "openai"
    open_ai_compatible_path: str = "/v1/chat/completions"
    native_api_base_path: str = "/api"
    keep_alive: SizeValue = "5m"
    request_timeout_ms: Annotated[int, Field(ge=1)] = 120000
    max_loaded_models: Annotated[int, Field(ge=0, le=1000)] = 0
    """Ollama's ``OLLAMA_MAX_LOADED_MODELS``: 0 = its default, 3 per GPU (3 without one)."""
    num_parallel: Annotated[int, Field(ge=1, le=1000)] = 1
    """Ollama's ``OLLAMA_NUM_PARALLEL``: requests one loaded model serves at once."""
    context_length: Annotated[int, Field(ge=256, le=16_777_216)] | None = None
    """Ollama's ``OLLAMA_CONTEXT_LENGTH``, as the server runs; ``None``: not set there, so
    Ollama picks 4096 / 32768 / 262144 tokens by total VRAM (``routing.memory``)."""
    kv_cache_type: Literal["f16", "q8_0", "q4_0"] = "f16"
    """Ollama's ``OLLAMA_KV_CACHE_TYPE``: what a loaded model's KV cache holds per token."""
    gpu_overhead_mb: Annotated[int, Field(ge=0)] = 0
    """Ollama's ``OLLAMA_GPU_OVERHEAD`` in MiB: VRAM it leaves aside (and out of the
    VRAM-based default context)."""

    @field_validator("base_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("keep_alive")
    @classmethod
    def _check_keep_alive(cls, value: str | int) -> str | int:
        if isinstance(value, str) and not re.fullmatch(
            r"-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+|0", value.strip()
        ):
            raise ValueError(f"{value!r} is not a duration such as 5m, 1h30m, 0 or -1m")
        return value


class GpuMonitorConfig(Section):
    enabled: bool = False
    interval_ms: Annotated[int, Field(ge=100)] = 5000
    nvidia_smi_path: str = "nvidia-smi"
    backend: Literal["auto", "nvml", "nvidia-smi"] = "auto"


class GpuConfig(Section):
    provider: Literal["none", "nvidia", "static"] = "none"
    name: str | None = None
    vram_total_mb: Annotated[int, Field(ge=0)] = 0
    vram_safety_reserve_mb: Annotated[int, Field(ge=0)] = 1024
    max_gpu_utilization_pct: Annotated[int, Field(ge=1, le=100)] = 95
    require_gpu_only_by_default: bool = False
    monitor: GpuMonitorConfig = GpuMonitorConfig()


class ClassificationConfig(Section):
    mode: Literal["heuristic", "enhanced", "model", "embedding", "cascade"] = "enhanced"
    optional_classifier_model: str | None = None
    classifier_timeout_ms: Annotated[int, Field(ge=1)] = 1500
    embedding_model: str | None = None
    cascade_threshold: Annotated[float, Field(gt=0, lt=1)] = 0.7
    """``cascade``: below this calibrated ``enhanced`` probability, ask the small model."""


class ResidencyConfig(Section):
    """Tuning of the ``residency`` strategy: what a worse fit or a reload is worth in time."""

    off_purpose_penalty_ms: Annotated[int, Field(ge=0, le=3_600_000)] = 30000
    """Added to the estimate of a model whose ``purpose`` lacks the task type."""
    route_position_penalty_ms: Annotated[int, Field(ge=0, le=3_600_000)] = 4000
    """Added per place after the first in the task's route."""
    recent_use_ms: Annotated[int, Field(ge=0, le=3_600_000)] = 15000
    """Evicting a model used this recently (or with queued work) costs its reload."""
    load_ms_per_gb: Annotated[float, Field(gt=0, le=600_000)] = 500.0
    """Seed of the learned load speed, before the router has seen a load."""


class RouterSection(Section):
    strategy: Literal["residency", "reference"] = "residency"
    """``residency``: placement by expected time to finish (docs/routing.md);
    ``reference``: the original additive score, kept exactly."""
    residency: ResidencyConfig = ResidencyConfig()
    default_mode: Mode = "auto"
    async_for_plain_clients: bool = False
    sync_max_queue_time_ms: Annotated[int, Field(ge=0)] = 250
    heavy_load_queue_depth: Annotated[int, Field(ge=1)] = 4
    heavy_load_gpu_free_mb_threshold: Annotated[int, Field(ge=0)] = 2048
    default_task_type: str = "unknown"
    classification: ClassificationConfig = ClassificationConfig()


class JobsConfig(Section):
    store: Literal["sqlite", "memory", "redis"] = "sqlite"
    path: ConfigPath | None = None
    """SQLite file; default ``ollama-agent-router-jobs.db`` next to the config file."""
    redis_url: str = "redis://127.0.0.1:6379/0"
    result_ttl_seconds: Annotated[int, Field(ge=1)] = 86400
    max_attempts: Annotated[int, Field(ge=1)] = 2
    cleanup_interval_ms: Annotated[int, Field(ge=100)] = 60000
    retry_backoff_ms: Annotated[int, Field(ge=0, le=3_600_000)] = 2000
    """Wait before the second attempt of a failed job; doubles per attempt (with jitter:
    half of it fixed, half random). 0 retries at once."""
    retry_backoff_max_ms: Annotated[int, Field(ge=0, le=86_400_000)] = 60000
    """The longest wait between two attempts."""


ModelCapability = Literal["completion", "tools", "vision", "embedding", "insert", "thinking"]


class ModelConfig(Section):
    name: Annotated[str, Field(min_length=1)]
    size_gb: Annotated[float, Field(gt=0)]
    purpose: list[str] = []
    tags: list[str] = []
    priority: int = 50
    max_concurrent: Annotated[int, Field(ge=1)] = 1
    default_context: Annotated[int, Field(ge=256)] | None = None
    max_context: Annotated[int, Field(ge=256)] | None = None
    timeout_ms: Annotated[int, Field(ge=1)] | None = None
    cost_class: Literal["low", "medium", "high"] = "medium"
    exclusive: bool = False
    allow_when_busy: bool = False
    capabilities: Annotated[list[ModelCapability], Field(min_length=1)] | None = None
    """Overrides what Ollama's ``/api/show`` reports (``None``: ask Ollama)."""

    @property
    def required_vram_mb(self) -> float:
        return self.size_gb * 1024


class QueueConfig(Section):
    global_max_concurrent: Annotated[int, Field(ge=1)] = 4
    global_max_queued: Annotated[int, Field(ge=0)] = 100
    per_user_max_queued: Annotated[int, Field(ge=1)] = 20
    default_priority: Priority = "normal"
    timeout_ms: Annotated[int, Field(ge=1)] = 180000


class FaceConfig(Section):
    model_map: dict[str, str] = {}
    """Shell-style pattern of a client's model name → the ``model`` value to route with
    (``auto``, ``auto:<taskType>`` or a configured model); first match wins."""


class AnthropicFaceConfig(FaceConfig):
    """The Anthropic Messages face: Claude model names route as ``auto``."""

    model_map: dict[str, str] = {"claude-*": "auto"}


class ResponsesFaceConfig(FaceConfig):
    """The OpenAI Responses face: model names, and the stored responses that
    ``previous_response_id`` continues (in memory, per owner, bounded, expiring)."""

    model_map: dict[str, str] = {"gpt-*": "auto", "o[0-9]*": "auto", "codex-*": "auto"}
    store_max_responses: Annotated[int, Field(ge=0)] = 1000
    """Stored responses kept at most (the oldest go first); 0 stores none."""
    store_ttl_seconds: Annotated[int, Field(ge=1)] = 3600
    """How long a stored response can be continued, read or deleted."""
    store_max_size: SizeValue = "256mb"
    """The JSON size of the stored responses at most: each response as answered (its
    echoed fields too) and its whole conversation (history included)."""

    @field_validator("store_max_size")
    @classmethod
    def _check_store_size(cls, value: str | int) -> str | int:
        parse_byte_size(value)
        return value

    @property
    def store_max_bytes(self) -> int:
        return parse_byte_size(self.store_max_size)


class FacesConfig(Section):
    """The API dialects besides OpenAI chat: how their clients' model names route.

    Each face's defaults live in its own class, not in an instance built here: a
    section given in part (only ``storeMaxSize``) keeps every default it does not set."""

    anthropic: AnthropicFaceConfig = AnthropicFaceConfig()
    responses: ResponsesFaceConfig = ResponsesFaceConfig()


class FleetTlsConfig(Section):
    """How the gateway reaches a node over HTTPS: the CA its certificate is checked
    against, and the gateway's own certificate when the node asks for one (mTLS)."""

    ca_path: ConfigPath | None = None
    """PEM bundle the node's certificate must chain to; ``None``: the system's CAs."""
    cert_path: ConfigPath | None = None
    key_path: ConfigPath | None = None
    verify: bool = True
    """Check the node's certificate (only ever turn off for a lab)."""

    @model_validator(mode="after")
    def _pair(self) -> FleetTlsConfig:
        if (self.cert_path is None) != (self.key_path is None):
            raise ValueError("certPath and keyPath go together (the gateway's client certificate)")
        return self


class FleetNodeConfig(Section):
    """One node router behind the gateway."""

    id: Annotated[str, AfterValidator(_check_node_id)]
    url: str
    """The node router's base URL, with its ``server.basePath``."""
    api_key: str | None = None
    """The node's ``runtimeAgent`` key (the gateway never forwards its clients' keys)."""
    api_key_env: str | None = None
    """…or the environment variable that holds it."""
    weight: Annotated[float, Field(gt=0, le=100)] = 1.0
    """Relative preference between nodes that would finish a request equally soon."""
    tls: FleetTlsConfig | None = None

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _one_key(self) -> FleetNodeConfig:
        if self.api_key is not None and self.api_key_env is not None:
            raise ValueError("give apiKey or apiKeyEnv, not both")
        return self


class FleetConfig(Section):
    """``oar`` as a fleet gateway: no local models; every request is placed on the node
    and model that will finish it first, and forwarded to that node."""

    nodes: Annotated[list[FleetNodeConfig], Field(min_length=1)]
    poll_interval_ms: Annotated[int, Field(ge=100, le=60_000)] = 1000
    """How often each node's ``/v1/router/runtime`` is read."""
    timeout_ms: Annotated[int, Field(ge=50, le=60_000)] = 2000
    """Timeout of one poll (runtime or capabilities)."""
    max_backoff_ms: Annotated[int, Field(ge=100, le=600_000)] = 10_000
    """A node that does not answer is polled again after 1, 2, 4 … polls, at most this."""
    request_timeout_ms: Annotated[int, Field(ge=1000)] = 600_000
    """How long a forwarded request may take at a node (a stream: between chunks)."""

    @field_validator("nodes")
    @classmethod
    def _unique(cls, nodes: list[FleetNodeConfig]) -> list[FleetNodeConfig]:
        ids = [node.id for node in nodes]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"node ids must be unique; repeated: {', '.join(dupes)}")
        return nodes


class RouterConfig(Section):
    """The whole configuration file."""

    server: ServerConfig = ServerConfig()
    access: AccessConfig | None = None
    ollama: OllamaConfig = OllamaConfig()
    gpu: GpuConfig = GpuConfig()
    router: RouterSection = RouterSection()
    jobs: JobsConfig = JobsConfig()
    models: list[ModelConfig] = []
    routes: dict[str, list[str]] = {}
    queue: QueueConfig = QueueConfig()
    faces: FacesConfig = FacesConfig()
    fleet: FleetConfig | None = None
    """Set: this router is a fleet gateway (its models are its nodes')."""

    @model_validator(mode="after")
    def _models_or_fleet(self) -> RouterConfig:
        if self.fleet is None and not self.models:
            raise ValueError("models: at least one model (or a fleet section for a gateway)")
        if self.fleet is not None and self.models:
            raise ValueError("models: a fleet gateway has no local models; its nodes have them")
        return self

    def model(self, name: str) -> ModelConfig | None:
        for model in self.models:
            if model.name == name:
                return model
        return None

    @property
    def model_names(self) -> list[str]:
        return [model.name for model in self.models]


def dump_config(config: BaseModel) -> dict[str, Any]:
    """The config as YAML/JSON-ready data with its camelCase keys."""
    return config.model_dump(mode="json", by_alias=True, exclude_none=True)
