"""A regular (non-editable) install carries the datasets: the loaders work from site-packages."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_the_datasets_and_the_loaders_find_them(tmp_path):
    pytest.importorskip("setuptools", reason="building the wheel offline needs setuptools")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(tmp_path / "dist"), str(ROOT)], check=True,
                   capture_output=True, text=True)
    wheel = next((tmp_path / "dist").glob("sre_lab-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for data_file in ("requests_1min.csv.gz", "incidents.csv", "daily_history.csv", "deployments.csv", "work_log.csv", "README.md",
                      "github_status_incidents.csv", "github_status_updates.csv", "LICENSE-github-statuses"):
        assert f"sre_lab/_data/{data_file}" in names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)  # what pip would put in site-packages
    code = ("import sre_lab as sl, sre_lab.datasets as d; "
            "import sre_lab.plotting, sre_lab.dashboards, sre_lab.exercises; "
            "print(sl.__file__.startswith(%r), d.data_dir().name, len(sl.load_incidents()), "
            "sl.check('start.downtime_minutes', 43.2).correct, len(sl.load_github_incidents()), "
            "len(sl.load_github_updates()))" % str(target))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin",
                              "SRE_LAB_PROGRESS": "off"}).stdout
    # 16 incidents: 11 random ones and the 5 planted events of the datasheet
    # and GitHub's real history: 819 incidents, 4,570 updates (datasets/README.md)
    assert out.split() == ["True", "_data", "16", "True", "819", "4570"]


def test_every_subpackage_is_declared_for_the_wheel():
    import tomllib

    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"sre_lab." + p.parent.relative_to(ROOT / "sre_lab").as_posix().replace("/", ".")
             for p in (ROOT / "sre_lab").rglob("__init__.py") if p.parent != ROOT / "sre_lab"}
    assert found | {"sre_lab", "sre_lab._data"} == declared
