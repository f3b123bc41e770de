"""Pinned dependencies: pyproject.toml is the source of truth and environment.yml must list the same pins."""
import re
import tomllib

import yaml

from analysis import config


def _pins(specs):
    pins = {}
    for spec in specs:
        match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;]+)\s*", spec)
        assert match, f"not pinned to an exact version: {spec!r}"
        pins[match[1].lower()] = match[2]
    return pins


def test_every_dependency_is_pinned_and_environment_yml_agrees():
    project = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    pyproject = _pins(project["dependencies"])
    env = yaml.safe_load((config.PROJECT_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert _pins(pip_section) == pyproject
    assert "python=3.11" in env["dependencies"]


def test_core_packages_are_present():
    project = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    names = set(_pins(project["dependencies"]))
    assert {"jupyterlab", "pandas", "seaborn", "statsmodels", "papermill", "nbconvert", "pytest", "nbval",
            "linearmodels", "pandera", "pyarrow", "geopandas"} <= names
