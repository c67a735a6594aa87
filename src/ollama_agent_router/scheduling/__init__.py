"""Admission control and dispatch of executions."""

from ollama_agent_router.scheduling.scheduler import Scheduler, Ticket, TicketState

__all__ = ["Scheduler", "Ticket", "TicketState"]
