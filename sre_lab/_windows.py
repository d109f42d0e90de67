"""Shared internals of the core modules: runs of True, window sums, budget fraction.

One home for the small array routines several topics need, so none is written
twice. Private: nothing here is re-exported; public functions validate their
inputs and then call these with clean numpy arrays.
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []


def true_runs(flags) -> tuple[np.ndarray, np.ndarray]:
    """``(first, after)`` positions of each run of True: rows ``first .. after - 1``.

    >>> first, after = true_runs([False, True, True, False, True])
    >>> first.tolist(), after.tolist()
    ([1, 4], [3, 5])
    """
    padded = np.concatenate(([False], np.asarray(flags, dtype=bool), [False]))
    change = np.flatnonzero(padded[1:] != padded[:-1])
    return change[::2], change[1::2]
