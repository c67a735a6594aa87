"""Admission control and dispatch of executions."""

from ollama_agent_router.scheduling.scheduler import Room, Scheduler, Ticket, TicketState

__all__ = ["Room", "Scheduler", "Ticket", "TicketState"]
