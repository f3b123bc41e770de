"""The project's configuration files as typed models (pydantic): the analysis plan (config/analysis_plan.yml) and the
batch defaults (config/reports.yml). A wrong type, a missing or unknown key, or a value out of range is an error
that names the file and the key, never a silent default."""

from __future__ import annotations

import re
import zlib
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from analysis.core import config

PositiveCount = Annotated[int, Field(strict=True, gt=0)]
Probability = Annotated[float, Field(gt=0, lt=1)]


class ConfigError(ValueError):
    """A configuration file that cannot be used: the message names the file, the key and what was found."""


class Strict(BaseModel):
    """Unknown keys are refused (a typo is not ignored); models are read-only once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Model = TypeVar("Model", bound=BaseModel)


def load_yaml_model(model: type[Model], path: Path) -> Model:
    """`path` read as YAML and checked against `model`; every problem named by file and key in one error."""
    try:
        settings = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: is not valid YAML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    if not isinstance(settings, dict):
        raise ConfigError(f"{path}: must be a mapping of keys, found {type(settings).__name__}")
    try:
        return model.model_validate(settings)
    except ValidationError as exc:
        raise ConfigError(describe_errors(path, exc)) from None


def describe_errors(path: Path | str, error: ValidationError) -> str:
    """One line per problem: the file, the key (dotted, with list positions from 1) and what was found."""
    lines = []
    for problem in error.errors():
        key = ".".join(str(part + 1) if isinstance(part, int) else str(part) for part in problem["loc"]) or "(file)"
        found = "" if problem["type"] == "missing" else f" (found {problem.get('input')!r})"
        lines.append(f"{path}: '{key}' {problem['msg'].removeprefix('Value error, ')}{found}")
    return "\n".join(lines)


# ---------------------------------------------------------------- the analysis plan
class Question(Strict):
    x: str
    y: str
    why: str
    overlap: str = ""  # why part of the association is mechanical (x is a part of y)
    part_points: Annotated[float, Field(gt=0, le=100)] | None = None  # points of y that x's 0-100 score becomes

    @model_validator(mode="after")
    def _overlap_sized(self) -> Question:
        if bool(self.overlap) != (self.part_points is not None):
            raise ValueError(
                "a question with an overlap gives part_points (how many of y's points x makes), and only then"
            )
        return self

    @model_validator(mode="after")
    def _distinct(self) -> Question:
        if self.x == self.y:
            raise ValueError("a question needs two different variables x and y")
        return self

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.x, self.y))


class PrioritiesPlan(Strict):
    """How a province's weakest PAPI areas are chosen and tested against chance (analysis.models.priorities)."""

    areas: PositiveCount  # how many unrelated areas a province's list holds at most
    draws: PositiveCount  # profiles drawn for the chance distribution of the k-th worst gap


class AnalysisPlan(Strict):
    """Questions, methods and test families declared before the results (config/analysis_plan.yml)."""

    alpha: Probability
    primary_method: Literal["spearman"]
    min_n: PositiveCount
    min_year_n: PositiveCount
    permutation_below_n: PositiveCount
    permutations: PositiveCount
    bootstrap_replicates: PositiveCount
    wild_bootstrap_replicates: PositiveCount
    power: Probability
    rank_draws: PositiveCount
    seed: PositiveCount
    split_at: dict[str, Annotated[int, Field(strict=True)]] = {}  # index -> first year of its new methodology
    model_qualities: Annotated[tuple[str, ...], Field(min_length=1)]  # the panel qualities the models use
    priorities: PrioritiesPlan
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]
    families: Annotated[tuple[Literal["year", "pooled"], ...], Field(min_length=1)]
    regression_family: Literal["kind"]  # regressions' BH family: one per estimator kind (no verdicts)

    @field_validator("split_at")
    @classmethod
    def _known_indices(cls, split_at: dict[str, int]) -> dict[str, int]:
        if unknown := sorted(set(split_at) - set(config.INDICES)):
            raise ValueError(f"names unknown indices {unknown}; known: {list(config.INDICES)}")
        return split_at

    @field_validator("model_qualities")
    @classmethod
    def _known_qualities(cls, qualities: tuple[str, ...]) -> tuple[str, ...]:
        if unknown := [q for q in qualities if q not in config.QUALITIES]:
            raise ValueError(f"names unknown qualities {unknown}; the panel's qualities: {list(config.QUALITIES)}")
        if repeated := sorted({q for q in qualities if qualities.count(q) > 1}):
            raise ValueError(f"lists {repeated} more than once")
        return qualities

    @field_validator("questions")
    @classmethod
    def _one_test_per_pair(cls, questions: tuple[Question, ...]) -> tuple[Question, ...]:
        for number, question in enumerate(questions, start=1):
            if any(q.pair == question.pair for q in questions[: number - 1]):
                raise ValueError(f"question {number} repeats the pair {question.x} / {question.y}")
        return questions

    def seed_for(self, label: str) -> int:
        """A seed fixed by the plan's seed and the result's label, the same in every process (not Python's hash)."""
        return self.seed + zlib.crc32(label.encode()) % 10_000

    def question(self, x: str, y: str) -> Question | None:
        return next((q for q in self.questions if q.pair == frozenset((x, y))), None)

    def with_changes(self, **changes: Any) -> AnalysisPlan:
        """A copy with some settings changed, checked like the file (e.g. a smaller min_n for exploration)."""
        return AnalysisPlan.model_validate(self.model_dump() | changes)


PLAN_PATH = config.PROJECT_ROOT / "config" / "analysis_plan.yml"


def load_plan(path: Path = PLAN_PATH) -> AnalysisPlan:
    return load_yaml_model(AnalysisPlan, path)


# ---------------------------------------------------------------- who leads each PAR INDEX field
class Responsibilities(Strict):
    """config/responsibilities.yml: the lead agency of each PAR INDEX field (and, where it differs, criterion) in one
    province, from the province's own assignment. Nothing is invented: an empty agency is 'not assigned'."""

    province: str  # the province the assignment belongs to, in any known spelling
    fields: dict[str, str] = {}  # field name as in the scorecard -> lead agency
    criteria: dict[str, str] = {}  # criterion name -> lead agency, where it is not the field's

    @cached_property
    def _by_name(self) -> tuple[dict[str, str], dict[str, str]]:
        """The criteria's and the fields' agencies under their names' keys (_name_key), made once."""
        return (
            {_name_key(k): v.strip() for k, v in self.criteria.items()},
            {_name_key(k): v.strip() for k, v in self.fields.items()},
        )

    def agency(self, field: str, criterion: str) -> str:
        """The lead agency of a scorecard row ('' when not assigned); names match without regard to case, spacing
        or the template's leading field code."""
        by_criterion, by_field = self._by_name
        return by_criterion.get(_name_key(criterion)) or by_field.get(_name_key(field), "")


def _name_key(name: str) -> str:
    """A field or criterion name without case, extra spacing or the reference code the scorecard template puts
    before a field ('2948-F3 Cải cách thủ tục hành chính')."""
    return re.sub(r"^\d{3,4}-F\d+\s+", "", " ".join(str(name).split())).casefold()


RESPONSIBILITIES_PATH = config.PROJECT_ROOT / "config" / "responsibilities.yml"


def load_responsibilities(path: Path = RESPONSIBILITIES_PATH) -> Responsibilities | None:
    """The province's assignment, or None when the file does not exist."""
    return load_yaml_model(Responsibilities, path) if Path(path).is_file() else None


# ---------------------------------------------------------------- the batch defaults
class ReportSettings(Strict):
    """config/reports.yml: what `python -m analysis reports` renders when no option says otherwise."""

    focus_provinces: list[str]
    languages: Annotated[list[Literal["vi", "en"]], Field(min_length=1)]
    formats: Annotated[list[Literal["html", "pdf"]], Field(min_length=1)]
    execution_timeout_seconds: PositiveCount  # per notebook cell, for briefings and profiles alike
    workers: PositiveCount

    def with_options(self, where: str = "the command line", **options: Any) -> ReportSettings:
        """These defaults with the options given (None keeps the default), checked like the file itself."""
        given = {key: value for key, value in options.items() if value is not None}
        try:
            return ReportSettings.model_validate(self.model_dump() | given)
        except ValidationError as exc:
            raise ConfigError(describe_errors(where, exc)) from None


REPORT_CONFIG_PATH = config.PROJECT_ROOT / "config" / "reports.yml"


def load_report_settings(path: Path = REPORT_CONFIG_PATH) -> ReportSettings:
    return load_yaml_model(ReportSettings, path)
