"""The tree reads as the pipeline: core ← data ← models ← report ← (pipeline, cli). Imports flow one way, with no
loop; the data and model stages know no words (no language, no text table); the report reads data/processed only."""

from __future__ import annotations

import ast
from pathlib import Path

from analysis.core import config

PACKAGE = Path(config.__file__).resolve().parents[1]
STAGES = {"core": 0, "data": 1, "models": 2, "report": 3}  # a stage may import only the stages below it


def _imports() -> dict[str, set[str]]:
    """module -> the analysis modules it imports (anywhere in the file, functions included)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(("analysis", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
                found |= {f"{node.module}.{alias.name}" for alias in node.names} | {node.module}
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names if alias.name.startswith("analysis")}
        graph[module] = found
    return graph


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def test_imports_never_run_back_up_the_stages():
    upward = []
    for module, imported in _imports().items():
        mine = _stage(module)
        for target in imported:
            theirs = _stage(target)
            if mine is not None and theirs is not None and STAGES[theirs] > STAGES[mine]:
                upward.append(f"{module} -> {target}")
    assert not upward, upward


def test_no_module_imports_itself_through_a_loop():
    graph = _imports()
    modules = set(graph)
    edges = {m: {t for t in targets if t in modules and t != m} for m, targets in graph.items()}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return [*path, node, nxt]
            if nxt not in state and (loop := visit(nxt, [*path, node])):
                return loop
        state[node] = 2
        return None

    for module in sorted(modules):
        if module not in state:
            assert (loop := visit(module, [])) is None, " -> ".join(loop)


def test_data_and_models_know_no_words_and_the_report_reads_no_raw_data():
    graph = _imports()
    wordy = [m for m, targets in graph.items() if _stage(m) in ("data", "models") and "analysis.core.text" in targets]
    assert not wordy, f"data and models write codes and numbers; words are applied at display: {wordy}"
    for path in (PACKAGE / "report").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "RAW_DIR" not in text and "raw_dir" not in text, f"{path.name} reads data/raw"
