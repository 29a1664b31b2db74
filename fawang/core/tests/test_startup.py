"""A web worker starts warm: every template of ours compiles, and what it loaded is frozen out of the
garbage collector's full passes (fawang/core/startup.py)."""

import gc

from fawang.core.startup import warm_and_freeze


def test_a_worker_starts_with_every_template_compiled_and_its_startup_objects_frozen():
    try:
        frozen = warm_and_freeze()  # raises if any template of ours does not compile
        assert frozen > 10_000
        # A full collection no longer walks them: what is left to walk is a small part of it.
        assert len(gc.get_objects(generation=2)) < frozen / 10
    finally:
        gc.unfreeze()
