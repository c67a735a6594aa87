"""The backends the router runs models on: one subpackage each (``ollama/``), named in
``registry.BACKEND_FACTORIES``."""
