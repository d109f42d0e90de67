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


def test_section_packages_load_on_first_use_of_one_of_their_names():
    out = _run("import sys, sre_lab as sl; before = [p in sys.modules for p in ('sre_lab.cost', 'sre_lab.culture')]; "
               "f = sl.downtime_cost; print(before, 'sre_lab.cost' in sys.modules, 'sre_lab.culture' in sys.modules, "
               "f.__module__)")
    assert out == "[False, False] True False sre_lab.cost.benefit"


def test_the_lazy_index_names_exactly_the_section_packages_public_names():
    # Read from the source without importing; it must agree with the imported packages' __all__.
    import importlib

    index = sl._lazy_index()
    for package in sl._SECTION_PACKAGES:
        mod = importlib.import_module(f"sre_lab.{package}")
        names = set(mod.__all__)
        assert {n for n, m in index.items() if m == f".{package}"} == names | {package}
        for name in names:
            assert getattr(sl, name) is getattr(mod, name)
        assert names <= set(dir(sl))


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


def _code_lines(path):
    """Lines of code of a module: no blank lines, comments or docstrings."""
    import ast

    source = path.read_text(encoding="utf-8")
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                docstrings.update(range(first.lineno, first.end_lineno + 1))
    return sum(1 for number, line in enumerate(source.splitlines(), start=1)
               if line.strip() and not line.strip().startswith("#") and number not in docstrings)


def test_no_module_over_800_lines_of_code():
    from pathlib import Path

    package = Path(sl.__file__).parent
    sizes = {p.relative_to(package).as_posix(): _code_lines(p) for p in package.rglob("*.py")}
    assert sizes["slo.py"] > 100  # the counter counts
    assert {name: n for name, n in sizes.items() if n > 800} == {}
