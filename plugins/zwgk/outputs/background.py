"""Work done by a forked process while the build goes on. Python's lock keeps a build's own work on
one core; a forked child has the other, and starts with everything the parent has made (the plan,
the templates, the files) without pickling any of it. Plain processes, not pools: a pool's
management thread could hold a lock at the moment a later fork copies it. Where there is no fork
(not Linux), the work is done at once, in this process. Imports nothing from MkDocs."""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
from collections.abc import Callable, Hashable, Iterable

PIPE_BYTES = 1 << 20  # how far a stream may run ahead of its reader (Linux's default is 64 KiB)


def _forking():
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


class InBackground:
    """``work(*args)`` in a forked process; ``result()`` waits for it (``failed`` if the worker raised or died)."""

    def __init__(self, work: Callable, *args, failed=None) -> None:
        self._done, self._failed = None, failed
        context = _forking()
        if context is None:
            self._done = work(*args)
            return
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_send_result, args=(sender, work, args), daemon=True)
        self._process.start()
        sender.close()

    def result(self):
        if self._done is None:
            try:
                self._done = self._receiver.recv()
            except EOFError:
                self._done = self._failed
            self._process.join()
        return self._done


def _send_result(sender, work, args) -> None:
    sender.send(work(*args))
    sender.close()


class Streamed:
    """``work(key)`` for each of ``keys``, made in that order by a forked process and taken by the
    parent as it needs them (``get``). ``None`` means the worker has no result for the key: it
    raised there, died, or never had the key; the caller then does the work itself, so a mistake is
    reported where and as it would have been without the worker."""

    def __init__(self, work: Callable[[Hashable], object], keys: Iterable[Hashable]) -> None:
        self._keys = list(keys)
        self._pending = set(self._keys)
        self._early: dict = {}  # results the parent has not asked for yet, read to reach a later one
        self._receiver = None
        context = _forking()
        if context is None or not self._keys:
            return
        self._receiver, sender = context.Pipe(duplex=False)
        with contextlib.suppress(OSError, AttributeError):  # a larger pipe: the worker runs further ahead
            fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        self._process = context.Process(target=_stream, args=(sender, work, self._keys), daemon=True)
        self._process.start()
        sender.close()

    def get(self, key: Hashable):
        if key not in self._pending:
            return None
        self._pending.discard(key)
        if key in self._early:
            return self._early.pop(key)
        while self._receiver is not None:
            try:
                done, result = self._receiver.recv()
            except (EOFError, OSError):  # the worker died: the rest is the caller's
                self.close()
                return None
            if done == key:
                return result
            if done in self._pending:
                self._early[done] = result
        return None

    def close(self) -> None:
        """Stop the worker (if it is still working) and let go of what it sent ahead."""
        self._pending.clear()
        self._early.clear()
        if self._receiver is not None:
            receiver, self._receiver = self._receiver, None
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            receiver.close()


def _stream(sender, work, keys) -> None:
    for key in keys:
        try:
            result = work(key)
        except Exception:  # the parent does this one itself, and reports what went wrong
            result = None
        try:
            sender.send((key, result))
        except OSError:  # the parent stopped reading (its build failed or ended)
            return
    sender.close()
