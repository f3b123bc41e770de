"""The analysis plan (config/analysis_plan.yml): questions, methods and test families declared before results."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis import config
from analysis.config import INDICES

PLAN_PATH = config.PROJECT_ROOT / "config" / "analysis_plan.yml"
FAMILIES = ("year", "pooled")


@dataclass(frozen=True)
class Question:
    x: str
    y: str
    why: str
    overlap: str = ""

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.x, self.y))


@dataclass(frozen=True)
class AnalysisPlan:
    alpha: float
    primary_method: str
    min_n: int
    min_year_n: int
    permutation_below_n: int
    permutations: int
    bootstrap_replicates: int
    wild_bootstrap_replicates: int
    rank_draws: int
    power: float
    seed: int
    questions: tuple[Question, ...]
    families: tuple[str, ...]
    split_at: dict[str, int]

    def seed_for(self, label: str) -> int:
        """A seed fixed by the plan's seed and the result's label, the same in every process (not Python's hash)."""
        return self.seed + zlib.crc32(label.encode()) % 10_000

    def question(self, x: str, y: str) -> Question | None:
        return next((q for q in self.questions if q.pair == frozenset((x, y))), None)


def load_plan(path: Path = PLAN_PATH) -> AnalysisPlan:
    """Read and check the plan; a missing key, a wrong type or a repeated pair is an error naming the file."""
    settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    numbers = {"alpha": float, "power": float, "min_n": int, "min_year_n": int, "permutation_below_n": int,
               "permutations": int, "bootstrap_replicates": int, "wild_bootstrap_replicates": int,
               "rank_draws": int, "seed": int}  # fmt: skip
    for key, kind in numbers.items():
        value = settings.get(key)
        allowed = (int, float) if kind is float else int  # a count like min_n: 20.5 is refused, not truncated
        if isinstance(value, bool) or not isinstance(value, allowed) or value <= 0:
            raise ValueError(f"{path}: '{key}' must be a positive {kind.__name__}, found {value!r}")
    for key in ("alpha", "power"):
        if not 0 < settings[key] < 1:
            raise ValueError(f"{path}: '{key}' must lie between 0 and 1, found {settings[key]!r}")
    split_at = settings.get("split_at") or {}
    if not isinstance(split_at, dict) or any(
        index not in INDICES or isinstance(year, bool) or not isinstance(year, int) for index, year in split_at.items()
    ):
        raise ValueError(f"{path}: 'split_at' maps an index ({', '.join(INDICES)}) to a year, found {split_at!r}")
    if settings.get("primary_method") != "spearman":
        raise ValueError(f"{path}: 'primary_method' must be spearman, found {settings.get('primary_method')!r}")
    families = tuple(settings.get("families") or ())
    if not families or set(families) - set(FAMILIES):
        raise ValueError(f"{path}: 'families' must be chosen from {list(FAMILIES)}, found {list(families)}")
    questions: list[Question] = []
    for number, entry in enumerate(settings.get("questions") or [], start=1):
        if not isinstance(entry, dict) or not {"x", "y", "why"} <= set(entry) or entry["x"] == entry["y"]:
            raise ValueError(f"{path}: question {number} needs distinct 'x', 'y' and a 'why', found {entry!r}")
        question = Question(entry["x"], entry["y"], entry["why"], entry.get("overlap", ""))
        if any(q.pair == question.pair for q in questions):
            raise ValueError(f"{path}: question {number} repeats the pair {question.x} / {question.y}")
        questions.append(question)
    if not questions:
        raise ValueError(f"{path}: the plan declares no questions")
    return AnalysisPlan(
        alpha=float(settings["alpha"]), primary_method="spearman", min_n=int(settings["min_n"]),
        min_year_n=int(settings["min_year_n"]), permutation_below_n=int(settings["permutation_below_n"]),
        permutations=int(settings["permutations"]), bootstrap_replicates=int(settings["bootstrap_replicates"]),
        wild_bootstrap_replicates=int(settings["wild_bootstrap_replicates"]), power=float(settings["power"]),
        rank_draws=int(settings["rank_draws"]),
        seed=int(settings["seed"]), questions=tuple(questions), families=families, split_at=dict(split_at),
    )  # fmt: skip
