"""Sessions: the turns of one agent conversation, kept on the model that holds their prompt.

Pure: what the client sent comes in, a key and a routing view come out.

A coding agent re-sends its whole conversation every turn — 20–30k tokens of system
prompt, tools and history — and Ollama re-processes only what its slot's KV cache does
not already hold (the longest shared prefix). A turn that moves to another model, or
lands in a slot another conversation has since taken, pays for the whole prompt again.
So the router names each conversation (``session_key``), remembers the model and the
prompt prefix it served (``runtime.sessions``), and routing prices each candidate's
prompt by what that model still caches (``SessionView.cached_tokens``): the session
stays unless another candidate finishes sooner *including* re-processing the prompt
cold, or its model cannot serve the turn.

The key comes from what clients send, most specific first: Claude Code's
``X-Claude-Code-Session-Id`` header, Anthropic ``metadata.user_id`` (Claude Code puts
its session id there), OpenAI ``prompt_cache_key``, OpenAI ``user``; else a hash of the
owner, the system prompt and the first user message — stable across the turns of one
conversation, whatever the face (a Responses ``previous_response_id`` chain re-sends the
same start). Keys are hashed with the owner, so one client cannot reach another's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from ollama_agent_router.classification import Classification
from ollama_agent_router.tokens import message_tokens, text_tokens

#: Labels a follow-up turn gets for its own short text ("thanks, now run the tests"):
#: they do not move a session off the task it is doing.
LIGHT_TASKS: Final = frozenset({"simple_chat", "triage", "unknown", "classification"})
SESSION_MODE: Final = "session"
"""``Classification.mode`` of a turn whose label the session kept."""
_ID_CHARS: Final = 16


@dataclass(frozen=True, slots=True)
class SessionHint:
    """What the client sent that names its conversation (each ``None`` when absent)."""

    header: str | None = None
    """``X-Claude-Code-Session-Id``."""
    metadata_user: str | None = None
    """Anthropic ``metadata.user_id``."""
    cache_key: str | None = None
    """OpenAI ``prompt_cache_key``."""
    user: str | None = None
    """OpenAI ``user``."""


@dataclass(frozen=True, slots=True)
class SessionKey:
    id: str
    """A hash: never the client's own value (it may be an account id)."""
    source: str
    """``header``, ``metadata``, ``prompt_cache_key``, ``user`` or ``prompt``."""


def session_key(owner: str, hint: SessionHint, messages: Sequence[Any]) -> SessionKey:
    """The session of a request (see the module doc)."""
    for source, value in (
        ("header", hint.header),
        ("metadata", hint.metadata_user),
        ("prompt_cache_key", hint.cache_key),
        ("user", hint.user),
    ):
        if value:
            return SessionKey(_hashed(owner, source, value[:1024]), source)
    return SessionKey(_hashed(owner, "prompt", _conversation_start(messages)), "prompt")


def _hashed(owner: str, source: str, value: str) -> str:
    digest = hashlib.sha256(_utf8(f"{owner}\x00{source}\x00{value}"))
    return digest.hexdigest()[:_ID_CHARS]


def _utf8(text: str) -> bytes:
    """``text.encode(errors="replace")``, on the fast path unless it holds a surrogate."""
    try:
        return text.encode()
    except UnicodeEncodeError:
        return text.encode(errors="replace")


def _conversation_start(messages: Sequence[Any]) -> str:
    """The system prompt(s) and the first user message: what every turn re-sends first."""
    parts: list[str] = []
    for message in messages:
        if not isinstance(message, (dict, Mapping)):  # dict first: no ABC check
            continue
        role = message.get("role")
        if role in ("system", "developer"):
            parts.append(_text(message.get("content")))
        elif role == "user":
            parts.append(_text(message.get("content")))
            break
    return "\x00".join(parts)


_JSON: Final = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)
"""``json.dumps(..., sort_keys=True, ensure_ascii=False, default=str)`` without building
an encoder per call (it runs for every message of every request)."""


def _text(content: object) -> str:
    if isinstance(content, str):
        return content
    if type(content) is dict and len(content) == 2:  # most messages: role and text
        role, text = content.get("role"), content.get("content")
        if type(role) is str and type(text) is str:
            # the encoder's own text for {"content": ..., "role": ...} (keys sorted),
            # without its per-object set-up: a long conversation has hundreds of them
            return f'{{"content": {_JSON.encode(text)}, "role": {_JSON.encode(role)}}}'
    return _JSON.encode(content)


def prefix_digests(messages: Sequence[Any], tools: object = None) -> tuple[tuple[str, int], ...]:
    """The prompt as Ollama sees it, message by message: a digest of everything up to
    each message and the tokens so far (``tokens``). Tools come first, as Ollama's
    templates render them into the system part."""
    running = hashlib.sha256()
    tokens = 0
    out: list[tuple[str, int]] = []
    if tools:
        rendered = _JSON.encode(tools)
        running.update(_utf8(rendered))
        tokens += text_tokens(rendered)
    for message in messages:
        running.update(_utf8(_text(message)))
        if isinstance(message, (dict, Mapping)):  # dict first: no ABC check
            tokens += message_tokens(message)
        # hexdigest() reads a copy of the state: ``running`` goes on unchanged
        out.append((running.hexdigest()[:_ID_CHARS], tokens))
    return tuple(out)


def shared_prefix_tokens(served: Sequence[tuple[str, int]], now: Sequence[tuple[str, int]]) -> int:
    """Tokens at the start of ``now`` that ``served`` (an earlier prompt) already holds."""
    shared = 0
    for (before, tokens), (after, _) in zip(served, now, strict=False):
        if before != after:
            break
        shared = tokens
    return shared


@dataclass(frozen=True, slots=True)
class SessionView:
    """What routing knows of a request's session."""

    key: SessionKey
    model: str | None = None
    """The model that served its last turn (``None``: a new session)."""
    task_type: str | None = None
    """The task the session is doing."""
    cached_tokens: Mapping[str, int] = field(default_factory=dict)
    """Per model: prompt tokens of this turn its KV cache is expected to still hold."""
    turns: int = 0
    evicts: Mapping[str, int] = field(default_factory=dict)
    """Per model whose slots all hold other active sessions: the prompt tokens the one
    this turn would push out must re-process on its next turn."""
    warm: Mapping[str, int] = field(default_factory=dict)
    """Per model: the prompt tokens other active sessions have cached in its slots — all
    lost if a load evicts the model."""

    def resident(self, loaded: Collection[str]) -> SessionView:
        """This view with only the models still loaded: an unloaded model's slots, and
        the prompts cached in them, went with it."""
        if (
            all(name in loaded for name in self.cached_tokens)
            and all(name in loaded for name in self.evicts)
            and all(name in loaded for name in self.warm)
        ):
            return self
        return SessionView(  # as dataclasses.replace would, without its introspection
            self.key,
            self.model,
            self.task_type,
            cached_tokens={n: t for n, t in self.cached_tokens.items() if n in loaded},
            turns=self.turns,
            evicts={n: t for n, t in self.evicts.items() if n in loaded},
            warm={n: t for n, t in self.warm.items() if n in loaded},
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.key.id,
            "source": self.key.source,
            "turn": self.turns + 1,
            "previousModel": self.model,
            "taskType": self.task_type,
        }


def session_classification(
    view: SessionView | None, classification: Classification
) -> Classification:
    """A turn's label within its session: a light label ("thanks, now run the tests")
    keeps the task the session is doing; any other label is the session's new task."""
    if view is None or view.task_type is None or view.task_type == classification.task_type:
        return classification
    if classification.task_type not in LIGHT_TASKS:
        return classification
    return replace(classification, task_type=view.task_type, mode=SESSION_MODE)
