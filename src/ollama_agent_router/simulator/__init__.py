"""A built-in Ollama simulator: the API subset the router uses, a fake GPU, and faults.

It powers the tests, the benchmarks and ``oar demo``. Start it in-process with
``run_simulator`` (tests) or from the command line with ``oar simulate``.
"""

from ollama_agent_router.simulator.app import SimulatorApp, create_app
from ollama_agent_router.simulator.core import Simulator
from ollama_agent_router.simulator.faults import (
    ActiveFault,
    FaultKind,
    FaultSpec,
    fault_from_json,
    parse_fault,
)
from ollama_agent_router.simulator.server import SimulatorHandle, run_simulator, serve
from ollama_agent_router.simulator.settings import (
    DEFAULT_MODELS,
    SimModel,
    SimulatorSettings,
    models_from_config,
    parse_model_flag,
)

__all__ = [
    "DEFAULT_MODELS",
    "ActiveFault",
    "FaultKind",
    "FaultSpec",
    "SimModel",
    "Simulator",
    "SimulatorApp",
    "SimulatorHandle",
    "SimulatorSettings",
    "create_app",
    "fault_from_json",
    "models_from_config",
    "parse_fault",
    "parse_model_flag",
    "run_simulator",
    "serve",
]
