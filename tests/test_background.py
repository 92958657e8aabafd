"""Work in forked processes (outputs/background.py): the build gets the worker's result, or its
error raised where the build can report it, or the fallback the caller chose."""

from __future__ import annotations

import os

import pytest

from zwgk.outputs.background import InBackground, WorkerDied


def test_a_background_job_gives_its_result_or_its_error_here():
    def dies():
        os._exit(1)

    def raises():
        raise ValueError("表格写不出来")

    class Unpicklable(Exception):
        def __reduce__(self):
            raise TypeError("no")

    def raises_unpicklable():
        raise Unpicklable("打不开")

    assert InBackground(sum, [1, 2, 3]).result() == 6
    assert InBackground(dies, failed={}).result() == {}  # e.g. the title words: the build splits them itself
    assert InBackground(raises, failed={}).result() == {}
    with pytest.raises(ValueError, match="表格写不出来"):  # e.g. the downloads: the build fails with it
        InBackground(raises).result()
    with pytest.raises(WorkerDied):
        InBackground(dies).result()
    with pytest.raises(RuntimeError, match="Unpicklable: 打不开"):
        InBackground(raises_unpicklable).result()
