"""The package as a learner meets it: one import, no heavy side effects."""

import subprocess
import sys

import sre_lab as sl


def _run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_import_loads_neither_matplotlib_nor_ipywidgets():
    out = _run("import sys, sre_lab; print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)")
    assert out == "False False"


def test_import_sets_no_global_options():
    out = _run("import pandas as pd; before = pd.get_option('display.max_rows'); import sre_lab; "
               "print(pd.get_option('display.max_rows') == before)")
    assert out == "True"


def test_plots_and_dashboards_resolve_on_first_use():
    out = _run("import sys, sre_lab as sl; f = sl.use_course_style; print('matplotlib' in sys.modules)")
    assert out == "True"


def test_every_public_name_is_reachable_from_the_package():
    for module in (sl.simulation, sl.datasets):
        for name in module.__all__:
            assert getattr(sl, name) is getattr(module, name)


def test_unknown_attribute_raises_attribute_error():
    try:
        sl.no_such_thing
    except AttributeError as exc:
        assert str(exc) == "module 'sre_lab' has no attribute 'no_such_thing'"
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")
