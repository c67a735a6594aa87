"""The invariant every API and e2e test ends with (``support.stack.expect_idle``): no
running and no waiting scheduler ticket. Here it is shown to catch a leak."""

from __future__ import annotations

import pytest

from support.stack import stack
from support.waiting import until

QWEN = "qwen2.5-coder:7b"
HUNG_JOB = {
    "selectedModel": QWEN,
    "request": {"messages": [{"role": "user", "content": "hi"}]},
}


async def leak_a_slot() -> None:
    async with stack() as s:
        s.sim.set_fault("hang", model=QWEN)
        status, _, _ = await s.post("/v1/router/jobs", HUNG_JOB)
        assert status == 202
        assert s.services is not None
        # the job now holds the model's slot for ever
        await until(lambda: s.services.scheduler.total_running == 1, what="the job never ran")


async def test_a_slot_still_held_at_the_end_fails_the_test() -> None:
    with pytest.raises(AssertionError, match="scheduler tickets left"):
        await leak_a_slot()


async def test_a_test_may_leave_work_only_saying_why() -> None:
    async with stack(leaves_work="a hung Ollama call: the job never ends by itself") as s:
        s.sim.set_fault("hang", model=QWEN)
        status, _, _ = await s.post("/v1/router/jobs", HUNG_JOB)
        assert status == 202
        assert s.services is not None
        await until(lambda: s.services.scheduler.total_running == 1, what="the job never ran")
