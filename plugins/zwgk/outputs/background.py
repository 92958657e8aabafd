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
