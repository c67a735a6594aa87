"""Access planes: API keys, rate limits, the managed policy and the admin plane (§6)."""

from ollama_agent_router.access.gate import ANONYMOUS, AccessGate, Admitted
from ollama_agent_router.access.keys import hash_key, new_key, presented_key
from ollama_agent_router.access.managed import ManagedPolicy, write_atomically
from ollama_agent_router.access.middleware import AccessControl
from ollama_agent_router.access.planes import Plane, PlaneMap

__all__ = [
    "ANONYMOUS",
    "AccessControl",
    "AccessGate",
    "Admitted",
    "ManagedPolicy",
    "Plane",
    "PlaneMap",
    "hash_key",
    "new_key",
    "presented_key",
    "write_atomically",
]
