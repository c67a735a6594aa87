"""Large regex alternations made cheap: skip the branches that cannot match.

Python's ``re`` tries every branch of an alternation at every position, so a lexicon of
thirty phrases costs thirty attempts per character. ``GuardedPattern`` splits a pattern
into its top-level branches and reads from each a literal that any match must contain
(its *guard*). Before matching a text it keeps only the branches whose guard occurs in it
(a plain substring test, fast in C) and runs the alternation of those, compiled once per
combination. A branch whose guard is absent matches nowhere in the text, so dropping it
changes no match: ``search`` and ``count`` give exactly what the full pattern gives.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from itertools import islice
from typing import Final

__all__ = ["GuardedPattern", "GuardedSet", "branch_guard", "split_branches"]

MIN_GUARD: Final = 2
SHORT_TEXT: Final = 48
"""Below this many characters the full pattern is as fast as checking guards."""
_ZERO_WIDTH_ESCAPES: Final = frozenset("bBAZ")

Guard = frozenset[str] | None
"""Literals of which every match contains at least one; ``None`` when none is known."""


def split_branches(pattern: str) -> list[str]:
    """The top-level ``|`` branches of ``pattern``."""
    parts: list[str] = []
    depth = start = 0
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(pattern, i)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _class_end(pattern: str, i: int) -> int:
    """Index of the ``]`` closing the character class opened at ``i``."""
    j = i + 1
    if pattern[j : j + 1] == "^":
        j += 1
    if pattern[j : j + 1] == "]":
        j += 1
    while pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j


def _group_end(pattern: str, i: int) -> int:
    """Index of the ``)`` closing the group opened at ``i``."""
    depth, j = 0, i
    while True:
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _class_end(pattern, j)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1


def _optional_after(pattern: str, j: int) -> bool:
    """Whether the atom ending before ``j`` may occur zero times."""
    nxt = pattern[j : j + 1]
    return nxt in ("?", "*") or (nxt == "{" and pattern[j + 1 : j + 2] in ("0", ","))


def _skip_quantifier(pattern: str, j: int) -> int:
    if pattern[j : j + 1] == "{":
        j = pattern.index("}", j) + 1
    elif pattern[j : j + 1] in ("?", "*", "+"):
        j += 1
    if pattern[j : j + 1] in ("?", "+"):  # lazy or possessive
        j += 1
    return j


def branch_guard(branch: str) -> Guard:
    """The best literal guard of one branch (no top-level ``|`` inside)."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    i, n = 0, len(branch)
    while i < n:
        c = branch[i]
        if c == "\\":
            flush()
            if branch[i + 1 : i + 2] in _ZERO_WIDTH_ESCAPES:
                i += 2
            else:
                i = _skip_quantifier(branch, i + 2)
        elif c == "[":
            flush()
            i = _skip_quantifier(branch, _class_end(branch, i) + 1)
        elif c == "(":
            flush()
            end = _group_end(branch, i)
            inner = branch[i + 1 : end]
            if not _optional_after(branch, end + 1) and not inner.startswith(("?=", "?!", "?<")):
                group = alternation_guard(inner.removeprefix("?:"))
                if group is not None:
                    candidates.append(group)
            i = _skip_quantifier(branch, end + 1)
        elif c in "?*{":
            if run:
                run.pop()  # the literal before an optional quantifier may be absent
            flush()
            i = _skip_quantifier(branch, i)
        elif c == "+":
            flush()
            i = _skip_quantifier(branch, i)
        elif c in ".^$)|":
            flush()
            i = _skip_quantifier(branch, i + 1) if c == "." else i + 1
        else:
            run.append(c)
            i += 1
    flush()
    usable = [g for g in candidates if min(map(len, g)) >= MIN_GUARD]
    if not usable:
        return None
    return max(usable, key=lambda g: (min(map(len, g)), -len(g)))


def alternation_guard(pattern: str) -> Guard:
    """A guard for an alternation: the union of its branches' guards, if all have one."""
    union: set[str] = set()
    for branch in split_branches(pattern):
        guard = branch_guard(branch)
        if guard is None:
            return None
        union |= guard
    return frozenset(union)


class GuardedPattern:
    """A compiled alternation that runs only the branches a text could match."""

    __slots__ = ("_branches", "_compile", "_literals", "_unguarded", "full", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        if flags & re.IGNORECASE:
            raise ValueError("guards are case-sensitive; lower-case the text instead")
        self.pattern = pattern
        self.full = re.compile(pattern, flags)
        self._branches = split_branches(pattern)
        guards = [branch_guard(b) for b in self._branches]
        self._unguarded = tuple(i for i, g in enumerate(guards) if g is None)
        self._literals = tuple((lit, i) for i, g in enumerate(guards) if g for lit in sorted(g))
        branches = self._branches

        @lru_cache(maxsize=256)
        def compile_subset(indexes: tuple[int, ...]) -> re.Pattern[str]:
            return re.compile("|".join(branches[i] for i in indexes), flags)

        self._compile = compile_subset

    def for_text(self, text: str) -> re.Pattern[str] | None:
        """The alternation of the branches that may match ``text``; ``None`` if none can."""
        if len(text) < SHORT_TEXT:
            return self.full
        hits = {i for lit, i in self._literals if lit in text}
        if not hits and not self._unguarded:
            return None
        return self._compile(tuple(sorted(hits.union(self._unguarded))))

    def search(self, text: str) -> bool:
        rx = self.for_text(text)
        return rx is not None and rx.search(text) is not None

    def count(self, text: str, limit: int) -> int:
        """``min(len(findall(text)), limit)``, stopping at the ``limit``-th match."""
        rx = self.for_text(text)
        if rx is None:
            return 0
        return sum(1 for _ in islice(rx.finditer(text), limit))


class GuardedSet:
    """Which of several guarded patterns match one text, in one shared pass over it.

    The guards of all patterns are indexed by their first two characters (no guard is
    shorter). One pass collects the character pairs of the text (or, for a long text,
    tests the indexed pairs against it), so only guards starting with a pair the text
    has are tested, and only the patterns with a present guard (or an unguarded branch)
    run their alternation of those branches. The answer is the set of names whose full
    pattern would match: a guard absent from the text rules its branch out exactly as
    in ``GuardedPattern``.
    """

    __slots__ = ("_index", "_keys", "_patterns")

    def __init__(self, patterns: Mapping[str, GuardedPattern]) -> None:
        self._patterns = tuple(patterns.items())
        index: dict[str, list[tuple[str, int, int]]] = {}
        for k, (_, guarded) in enumerate(self._patterns):
            for literal, branch in guarded._literals:
                index.setdefault(literal[:MIN_GUARD], []).append((literal, k, branch))
        self._index = index
        self._keys = frozenset(index)

    def matching(self, text: str) -> frozenset[str]:
        """The names of the patterns that match somewhere in ``text``."""
        if len(text) <= 4 * len(self._keys):
            pairs = {text[i : i + MIN_GUARD] for i in range(len(text) - 1)}
            present = pairs & self._keys
        else:
            present = {key for key in self._keys if key in text}
        hits: dict[int, set[int]] = {}
        index = self._index
        for pair in present:
            for literal, k, branch in index[pair]:
                if literal in text:
                    hits.setdefault(k, set()).add(branch)
        names: list[str] = []
        for k, (name, guarded) in enumerate(self._patterns):
            branches = hits.get(k)
            if branches is None:
                if not guarded._unguarded:
                    continue
                branches = set()
            rx = guarded._compile(tuple(sorted(branches.union(guarded._unguarded))))
            if rx.search(text) is not None:
                names.append(name)
        return frozenset(names)
