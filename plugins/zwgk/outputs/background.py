"""Work done by a forked process while the build goes on. Python's lock keeps a build's own work on
one core; a forked child has the other, and starts with everything the parent has made (the plan,
the templates, the files) without pickling any of it. A child that lives through MkDocs' page loop
did not pay on this 2-core virtual machine (farm-bench, 4 pairs each): one rendering the page
bodies ahead made the build no faster, one feeding the search index made it 17 % slower, all of it
in system time (copy-on-write faults explain only about 0.3 s of it). Plain processes, not pools:
a pool's management thread could hold a lock at the moment a later fork copies it. Where there is
no fork (not Linux), the work is done at once, in this process. Imports nothing from MkDocs."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable


def _forking():
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


_RAISE = object()


class WorkerDied(RuntimeError):
    """The forked process ended without a result (killed, out of memory)."""


class InBackground:
    """``work(*args)`` in a forked process (its arguments inherited, not pickled). ``result()``
    waits for it and gives its result or raises its exception here; ``failed``, if given, is the
    result instead whenever the work raised or the process died."""

    def __init__(self, work: Callable, *args, failed=_RAISE) -> None:
        self._failed = failed
        self._outcome: tuple | None = None  # (True, result) or (False, exception)
        context = _forking()
        if context is None:
            self._outcome = _run(work, args)
            return
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_send_outcome, args=(sender, work, args), daemon=True)
        self._process.start()
        sender.close()

    def result(self):
        if self._outcome is None:
            try:
                self._outcome = self._receiver.recv()
            except (EOFError, OSError):
                self._outcome = (False, WorkerDied("后台进程意外退出（可能是内存不足或被终止）"))
            finally:
                self._receiver.close()
                self._process.join()
        done, value = self._outcome
        if done:
            return value
        if self._failed is not _RAISE:
            return self._failed
        raise value


def _run(work, args) -> tuple:
    try:
        return True, work(*args)
    except Exception as exc:
        return False, exc


def _send_outcome(sender, work, args) -> None:
    done, value = _run(work, args)
    try:
        sender.send((done, value))
    except Exception as exc:  # what cannot be pickled: an exception by its text
        sender.send((False, RuntimeError(f"{type(value).__name__}: {value}" if not done else str(exc))))
    sender.close()
