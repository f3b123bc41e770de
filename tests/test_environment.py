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


def test_notebooks_are_committed_without_outputs_and_use_the_project_kernel():
    import nbformat
    notebooks = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
    assert {p.name for p in notebooks} >= {"briefing.ipynb", "models.ipynb"}
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        assert notebook.metadata["kernelspec"]["name"] == config.KERNEL_NAME
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{path.name}: strip outputs before commit"
        assert any("parameters" in c.metadata.get("tags", []) for c in notebook.cells), path.name
