"""Binder readiness: the repository builds on mybinder.org and opens on the start notebook.

repo2docker reads the repository root (``environment.yml`` selects its conda
build pack) unless a ``binder/`` or ``.binder/`` folder exists, in which case
root files are ignored; the conda build pack never installs the repository's
own package, hence the root ``postBuild`` (``jupyter_course_notes.md`` §2).
These tests check those files statically (no network, no conda), and that
every package the notebooks and ``sre_lab`` import is declared where Binder
(``environment.yml``) and pip (``pyproject.toml``) will look for it.

Also the issue-2 agreement test: ``environment.yml`` and ``pyproject.toml``
(dependencies + ``test`` extra) name the same packages, with compatible pins.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import json
import re
import stat
import sys
import tomllib
import urllib.parse
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/[^\s)\"'>\]]+")

#: conda-forge names that provide a PyPI distribution under another name.
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}
#: conda packages that are tools of the environment, not Python dependencies.
CONDA_TOOLS = {"python", "pip"}
#: Packages pinned to a major version only, on purpose (comment in environment.yml).
MAJOR_PIN_OK = {"hypothesis"}   # releases weekly; a minor pin would go stale in a month
#: Cell magics whose body is Python code.
PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun"}
#: Importable packages the notebooks may use without declaring them, because a
#: declared package brings them (checked against the installed metadata below).
PROVIDED_BY = {"IPython": "jupyterlab", "ipykernel": "jupyterlab", "traitlets": "jupyterlab"}


# -- reading the files ---------------------------------------------------------------
def load_environment() -> dict:
    with open(REPO / "environment.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def conda_specs(env: dict) -> dict[str, str]:
    """``{"jupyterlab": "=4.6", ...}`` from ``environment.yml``'s conda dependencies."""
    specs = {}
    for entry in env.get("dependencies", []):
        if isinstance(entry, str):
            match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", entry)
            specs[match.group(1).lower()] = match.group(2)
    return specs


def load_pyproject() -> dict:
    with open(REPO / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def pyproject_requirements(*, extras=("test",)) -> dict[str, Requirement]:
    project = load_pyproject()["project"]
    lines = list(project.get("dependencies", []))
    for extra in extras:
        lines += project.get("optional-dependencies", {}).get(extra, [])
    return {canonicalize_name(Requirement(line).name): Requirement(line) for line in lines}


def conda_as_pypi(name: str) -> str:
    return canonicalize_name(CONDA_TO_PYPI.get(name, name))


# -- imports of the notebooks and of sre_lab -----------------------------------------------
def _top_level_imports(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def notebook_imports(path: Path) -> set[str]:
    """Top-level modules imported by a notebook's code cells (IPython syntax turned into Python)."""
    from IPython.core.inputtransformer2 import TransformerManager

    transformer = TransformerManager()
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    names = set()
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        if source.lstrip().startswith("%%"):   # a cell magic: its body is Python only for some
            first, _, body = source.lstrip().partition("\n")
            if first[2:].split()[0] not in PYTHON_CELL_MAGICS:
                continue
            source = body
        # %magic, !shell and `obj?` lines become plain get_ipython() calls.
        names |= _top_level_imports(ast.parse(transformer.transform_cell(source)))
    return names


def package_imports() -> set[str]:
    names = set()
    for path in sorted((REPO / "sre_lab").rglob("*.py")):   # packages too (plotting/, ...)
        names |= _top_level_imports(ast.parse(path.read_text(encoding="utf-8")))
    return names


def third_party(names: set[str]) -> set[str]:
    return {n for n in names if n not in sys.stdlib_module_names
            and n not in ("__future__", "sre_lab")}


def distribution_of(import_name: str) -> str:
    """The installed distribution that provides ``import_name`` (canonical name)."""
    providers = metadata.packages_distributions().get(import_name)
    if not providers:
        raise LookupError(import_name)
    return canonicalize_name(providers[0])


def requires_closure(distribution: str) -> set[str]:
    """``distribution`` and everything it needs, from the installed metadata."""
    seen, todo = set(), [canonicalize_name(distribution)]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requirements = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for line in requirements:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    return seen


NOTEBOOK_FILES = sorted(p for p in (REPO / "notebooks").rglob("*.ipynb")
                        if ".ipynb_checkpoints" not in p.parts)


# -- repo2docker's view of the repository ----------------------------------------------
def test_root_configuration_is_what_repo2docker_reads():
    for folder in ("binder", ".binder"):
        assert not (REPO / folder).exists(), (
            f"{folder}/ exists: repo2docker would ignore the root environment.yml and postBuild")
    assert not (REPO / "Dockerfile").exists(), "a Dockerfile disables repo2docker's build packs"
    assert (REPO / "environment.yml").is_file()
    for ignored in ("requirements.txt", "runtime.txt", "Pipfile"):
        assert not (REPO / ignored).exists(), (
            f"{ignored} is ignored when environment.yml exists and would mislead readers")


def test_environment_is_conda_forge_python_312_with_minor_pins():
    env = load_environment()
    assert env.get("channels") in (["conda-forge"], ["conda-forge", "nodefaults"]), env.get("channels")
    specs = conda_specs(env)
    assert specs.get("python") == "=3.12", f"python must be pinned to 3.12, got {specs.get('python')!r}"
    loose = {}
    for name, spec in specs.items():
        if name in CONDA_TOOLS:
            continue
        pattern = r"=\d+(\.\*)?" if name in MAJOR_PIN_OK else r"=\d+\.\d+(\.\*)?"
        if not re.fullmatch(pattern, spec.replace(" ", "")):
            loose[name] = spec
    assert loose == {}, "pin each package to a minor version (name=X.Y)"
    pip_sections = [e for e in env["dependencies"] if isinstance(e, dict)]
    for section in pip_sections:
        local = [r for r in section.get("pip", []) if r.startswith(("-e", ".", "/", "-r", "-c"))]
        assert local == [], ("a local pip requirement re-installs the whole environment on "
                             "every commit; postBuild installs sre_lab instead")


def test_postbuild_installs_sre_lab_without_touching_dependencies():
    post = REPO / "postBuild"
    assert post.is_file()
    assert post.stat().st_mode & stat.S_IXUSR, "postBuild must be executable (git keeps the bit)"
    text = post.read_text(encoding="utf-8")
    assert text.startswith("#!"), "postBuild needs a shebang line"
    assert re.search(r"^\s*set -[a-z]*e", text, re.M), "postBuild must stop on errors (set -e)"
    commands = [line.strip() for line in text.splitlines()
                if line.strip() and not line.strip().startswith("#")]
    assert any(re.fullmatch(r"(python3? -m )?pip install --no-deps -e \.", c) for c in commands), (
        commands)
    assert not any(re.search(r"jupyter lab(extension)? (build|install)", c) for c in commands), (
        "prebuilt extensions only: a lab build in postBuild is slow and runs out of memory")


# -- JupyterLab settings the course ships (issue 8 item 9) -----------------------------------
OVERRIDES = REPO / "overrides.json"


def _lab_schema(plugin: str) -> dict:
    """The installed JupyterLab's JSON schema of one settings plugin (``package:plugin``)."""
    import jupyterlab

    package, name = plugin.split(":")
    prefix = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    path = prefix / package / f"{name}.json"
    assert path.is_file(), f"{plugin}: no schema at {path} (JupyterLab {jupyterlab.__version__})"
    return json.loads(path.read_text(encoding="utf-8"))


def test_overrides_turn_off_news_and_update_checks_and_fit_jupyterlabs_schema():
    import jsonschema

    overrides = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    notification = overrides.get("@jupyterlab/apputils-extension:notification")
    assert notification == {"fetchNews": "false", "checkForUpdates": False}, notification
    for plugin, settings in overrides.items():   # a typo would be ignored by JupyterLab silently
        jsonschema.validate(settings, _lab_schema(plugin))
    schema = _lab_schema("@jupyterlab/apputils-extension:notification")
    never = [o for o in schema["properties"]["fetchNews"]["oneOf"] if o["const"] == "false"]
    assert never and never[0]["title"] == "Never"


def test_postbuild_installs_the_overrides_into_the_environments_lab_settings():
    commands = [line.strip() for line in (REPO / "postBuild").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.strip().startswith("#")]
    assert any(re.fullmatch(r'settings="\$\(python3? -c \'import sys; print\(sys\.prefix\)\'\)'
                            r'/share/jupyter/lab/settings"', c) for c in commands), commands
    assert 'mkdir -p "$settings"' in commands
    assert 'cp overrides.json "$settings/overrides.json"' in commands


def test_make_installs_the_overrides_into_the_venv_once(tmp_path):
    """``make lab`` (and ``make test``) copy overrides.json into the venv; a second run does nothing."""
    import shutil
    import subprocess

    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / ".sre-lab-installed").touch()           # an installed venv, newer than pyproject.toml
    target = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    run = [make, "-s", "-C", str(REPO), f"VENV={venv}", str(target)]
    first = subprocess.run(run, capture_output=True, text=True, check=True)
    assert target.read_bytes() == OVERRIDES.read_bytes(), first.stdout + first.stderr
    second = subprocess.run(run, capture_output=True, text=True, check=True)
    assert "cp " not in second.stdout, second.stdout
    for goal in ("lab", "test"):
        plan = subprocess.run([make, "-n", "-C", str(REPO), f"VENV={venv}", goal],
                              capture_output=True, text=True, check=True).stdout
        (target).unlink()
        again = subprocess.run([make, "-n", "-C", str(REPO), f"VENV={venv}", goal],
                               capture_output=True, text=True, check=True).stdout
        assert f"cp overrides.json {target}" in again, (goal, again)
        assert f"cp overrides.json {target}" not in plan, (goal, plan)
        shutil.copyfile(OVERRIDES, target)


def test_readme_launch_link_opens_the_start_notebook():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = BINDER_LINK.findall(readme)
    assert links, "README.md has no https://mybinder.org/v2/gh/... launch link"
    for link in links:
        parsed = urllib.parse.urlparse(link)
        parts = parsed.path.split("/")   # ['', 'v2', 'gh', org, repo, ref]
        assert len(parts) >= 6 and parts[4] == "sre-lab" and parts[5], link
        query = urllib.parse.parse_qs(parsed.query)
        assert query.get("urlpath") == [f"lab/tree/{START_NOTEBOOK}"], (
            f"{link}: urlpath must open JupyterLab on {START_NOTEBOOK}")
    assert (REPO / START_NOTEBOOK).is_file(), f"the launch link opens {START_NOTEBOOK}: missing"


# -- every import is declared ------------------------------------------------------------------
def test_allowed_undeclared_imports_really_come_with_jupyterlab():
    for import_name, carrier in PROVIDED_BY.items():
        assert distribution_of(import_name) in requires_closure(carrier), (import_name, carrier)


@pytest.mark.parametrize("source", ["sre_lab", *[p.relative_to(REPO).as_posix()
                                                  for p in NOTEBOOK_FILES]])
def test_every_import_is_declared_for_binder_and_pip(source):
    names = package_imports() if source == "sre_lab" else notebook_imports(REPO / source)
    env_names = {conda_as_pypi(n) for n in conda_specs(load_environment())} - CONDA_TOOLS
    pip_names = set(pyproject_requirements(extras=()))
    missing = {}
    for name in sorted(third_party(names) - set(PROVIDED_BY)):
        # A namespace package (``opentelemetry``) comes from several distributions:
        # declaring any one of them that provides it is enough.
        providers = [canonicalize_name(d) for d in metadata.packages_distributions().get(name, [])]
        if not providers:
            missing[name] = "not installed in this environment"
            continue
        distribution = next((d for d in providers if d in env_names | pip_names), providers[0])
        where = [f for f, declared in (("environment.yml", env_names), ("pyproject.toml", pip_names))
                 if distribution not in declared]
        if where:
            missing[name] = f"{distribution} not declared in {' and '.join(where)}"
    assert missing == {}, f"{source} imports undeclared packages"


def test_notebooks_import_checker_reads_ipython_syntax(tmp_path):
    cell = "%matplotlib inline\n!ls\nimport numpy as np\nfrom yaml import safe_load\nnp?\n"
    nb = {"cells": [{"cell_type": "code", "source": cell},
                    {"cell_type": "code", "source": ["%%time\n", "import pandas"]},
                    {"cell_type": "code", "source": "%%bash\nimport nothing"},
                    {"cell_type": "markdown", "source": "import nothing"}]}
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb))
    assert notebook_imports(path) == {"numpy", "yaml", "pandas"}


# -- issue 2: environment.yml and pyproject.toml agree ---------------------------------------
def test_environment_and_pyproject_name_the_same_packages():
    env = {conda_as_pypi(n) for n in conda_specs(load_environment())} - CONDA_TOOLS
    pip = set(pyproject_requirements())
    assert sorted(env - pip) == [], "in environment.yml but not in pyproject.toml"
    assert sorted(pip - env) == [], "in pyproject.toml (dependencies + test) but not in environment.yml"


def test_environment_pins_satisfy_pyproject_ranges():
    requirements = pyproject_requirements()
    conflicts = {}
    for name, spec in conda_specs(load_environment()).items():
        pypi = conda_as_pypi(name)
        if name in CONDA_TOOLS or pypi not in requirements:
            continue
        series = spec.lstrip("=").removesuffix(".*")
        allowed: SpecifierSet = requirements[pypi].specifier
        # Some release of the pinned series X.Y.* must be allowed by pyproject.
        if not any(allowed.contains(v, prereleases=False)
                   for v in (series, f"{series}.0", f"{series}.999", f"{series}.999.999")):
            conflicts[name] = f"environment.yml {spec} vs pyproject.toml {allowed}"
    assert conflicts == {}


def test_python_pin_is_allowed_by_requires_python():
    requires = SpecifierSet(load_pyproject()["project"]["requires-python"])
    assert requires.contains("3.12"), requires

