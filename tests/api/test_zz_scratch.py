import json
from support.stack import stack
QWEN = "qwen2.5-coder:7b"
WRITE = {"type": "function", "function": {"name": "Write", "parameters": {"type": "object", "properties": {"file_path": {"type": "string"}, "content": {"type": "string"}}, "required": ["file_path", "content"]}}}

async def sse(s, body):
    async with s.http.post(s.url + "/v1/chat/completions", json=body) as r:
        raw = (await r.read()).decode()
        return r.status, dict(r.headers), raw

async def test_scratch() -> None:
    async with stack() as s:
        body = {"model": "auto", "stream": True, "messages": [{"role": "user", "content": "write hello.py"}], "tools": [WRITE], "router": {"taskType": "tool_use"}}
        print(await sse(s, body))
        s.sim.add_response(tool_fault="unknown_tool", times=1)
        print(await sse(s, body))
        s.sim.add_response("I'll write it now.", tool_calls=[("Write", '{"file_path": "a"')], times=1)
        print(await sse(s, body))
        s.sim.add_response(tool_fault="in_content", times=1)
        print(await sse(s, body))
        s.sim.add_response("I'll write it now.", tool_calls=[("write", '{"file_path": "a", "content": "b",}')], times=1)
        print(await sse(s, body))
        print(s.sim.state["requests"]["byModel"])
