"""Pinned dependencies: pyproject.toml pins the direct ones, requirements.lock (hashed) resolves everything, and
environment.yml lists exactly the locked versions."""

import re
import tomllib

import yaml

from analysis.core import config

ROOT = config.PROJECT_ROOT


def _pins(specs):
    pins = {}
    for spec in specs:
        match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;]+)\s*", spec)
        assert match, f"not pinned to an exact version: {spec!r}"
        pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


def _lock():
    """name -> (version, number of hashes), parsed from the lock file's own line format."""
    entries, current = {}, None
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", line):
            current = match[1].lower().replace("_", "-")
            entries[current] = [match[2], 0]
        elif "--hash=sha256:" in line and current:
            entries[current][1] += 1
    return entries


def test_direct_dependencies_are_pinned_and_locked_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = _pins(project["dependencies"]) | _pins(project["optional-dependencies"]["dev"])
    lock = _lock()
    assert len(lock) > len(direct), "the lock also pins every transitive dependency"
    for name, version in direct.items():
        assert lock[name][0] == version, f"{name}: pyproject {version}, lock {lock[name][0]}"
    assert all(hashes > 0 for _, hashes in lock.values()), "every locked package carries its hashes"


def test_environment_yml_lists_exactly_the_locked_versions():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert _pins(pip_section) == {name: version for name, (version, _) in _lock().items()}
    assert "python=3.11" in env["dependencies"]


def test_core_packages_are_present():
    names = set(_lock())
    assert {
        "jupyterlab",
        "pandas",
        "seaborn",
        "statsmodels",
        "papermill",
        "nbconvert",
        "pytest",
        "linearmodels",
        "pandera",
        "pyarrow",
        "geopandas",
        "tqdm",
        "ruff",
        "mypy",
    } <= names


def test_notebooks_keep_only_the_outputs_nbval_checks_and_use_the_project_kernel():
    """Outputs are stripped before commit (nbstripout), except on the cells whose output `make test` checks with
    nbval: those are marked NBVAL_CHECK_OUTPUT and keep_output (which nbstripout respects), and hold that output
    with an execution count (nbval checks only cells that ran)."""
    import nbformat

    notebooks = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
    assert {p.name for p in notebooks} >= {"briefing.ipynb", "models.ipynb"}
    checked = 0
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        assert notebook.metadata["kernelspec"]["name"] == config.KERNEL_NAME
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            marked = "# NBVAL_CHECK_OUTPUT" in cell.source.splitlines()
            assert marked == bool(cell.metadata.get("keep_output")), f"{path.name}: {cell.source[:60]}"
            assert bool(cell.outputs) == marked, f"{path.name}: strip outputs before commit"
            assert (cell.execution_count is not None) == marked, f"{path.name}: nbval checks only cells that ran"
            checked += marked
        assert any("parameters" in c.metadata.get("tags", []) for c in notebook.cells), path.name
    assert checked >= 2, "the seed's figures are checked in the notebooks"


def test_matplotlib_backend_is_chosen_only_by_entry_points():
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "src").rglob("*.py")
        if "matplotlib.use(" in path.read_text(encoding="utf-8")
    ]
    assert offenders == ["src/analysis/cli.py"]
