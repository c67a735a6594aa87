"""ollama-agent-router: a local LLM router in front of Ollama."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ollama-agent-router")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+local"

SERVICE_NAME = "ollama-agent-router"

__all__ = ["SERVICE_NAME", "__version__"]
