"""Restricted wild-cluster bootstrap (WCR) for one OLS coefficient: p-value and the interval that inverts it.

Few clusters make cluster-robust t-tests over-reject; the WCR bootstrap of Cameron, Gelbach and Miller (2008),
in the form of Roodman et al. (2019, "boottest"), keeps its size with a few dozen clusters. Rademacher weights
(±1 per cluster); when 2^G draws are no more than the replicates asked for, all of them are enumerated and the
p-value is exact.

The bootstrap is computed in closed form: with the null b imposed, every draw's coefficient and its CRV1 variance
are linear and quadratic in b, so p(b) costs O(replicates) for any b once two B×G matrices are built. The interval
is {b : p(b) > alpha}, found by bisection on both sides of the estimate with the same draws.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WildResult:
    estimate: float
    std_error: float  # CRV1, the statistic's denominator
    p_value: float
    ci_low: float
    ci_high: float
    replicates: int
    enumerated: bool


def rademacher_draws(clusters: int, replicates: int, seed: int) -> tuple[np.ndarray, bool]:
    """(draws × clusters matrix of ±1, enumerated?): every sign vector when 2^G <= replicates, else seeded draws."""
    if 2**clusters <= replicates:
        return np.array(list(itertools.product((-1.0, 1.0), repeat=clusters))), True
    rng = np.random.default_rng(seed)
    return rng.choice((-1.0, 1.0), size=(replicates, clusters)), False


class WildClusterBootstrap:
    """WCR bootstrap of coefficient `column` of y ~ X (X includes the constant and any fixed-effect dummies)."""

    def __init__(self, y: np.ndarray, X: np.ndarray, clusters: np.ndarray, column: int, replicates: int, seed: int):
        y, X = np.asarray(y, float), np.asarray(X, float)
        n, k = X.shape
        labels, group = np.unique(clusters, return_inverse=True)
        g = len(labels)
        self.ssc = g / (g - 1) * (n - 1) / (n - k)  # CR1, as statsmodels' cluster covariance
        projector = np.linalg.pinv(X)  # A = (X'X)^-1 X', k × n
        a_j = projector[column]
        self.estimate = float(a_j @ y)
        membership = np.zeros((g, n))
        membership[group, np.arange(n)] = 1.0
        residual = y - X @ (projector @ y)
        self.std_error = float(np.sqrt(self.ssc * np.sum((membership @ (a_j * residual)) ** 2)))
        others = np.delete(X, column, axis=1)
        restricted = np.eye(n) - others @ np.linalg.pinv(others)  # M_{-j}: residuals of the restricted fit
        u0, u1 = restricted @ y, restricted @ X[:, column]  # restricted residuals u(b) = u0 - b * u1
        weights, self.enumerated = rademacher_draws(g, replicates, seed)
        self.replicates = len(weights)
        f = membership @ (a_j[:, None] * X)  # G × k: sum over a cluster of a_ji X_i

        def score_parts(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            d = membership @ (projector.T * u[:, None])  # G × k: each cluster's contribution to A u
            return weights @ d[:, column], weights * d[:, column] - (weights @ d) @ f.T

        (self._num0, s0), (self._num1, s1) = score_parts(u0), score_parts(u1)
        self._a, self._b, self._c = (s0**2).sum(1), (s0 * s1).sum(1), (s1**2).sum(1)

    def p_value(self, null: float = 0.0) -> float:
        """Share of bootstrap |t*| at least as large as the observed |t| for H0: coefficient = null."""
        observed = abs(self.estimate - null) / self.std_error
        spread = np.sqrt(np.maximum(self.ssc * (self._a - 2 * null * self._b + null**2 * self._c), 0.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            t_star = np.abs(self._num0 - null * self._num1) / spread
        return float(np.mean(np.nan_to_num(t_star, nan=0.0) >= observed - 1e-12))

    def interval(self, alpha: float = 0.05, halvings: int = 50) -> tuple[float, float]:
        """The set of nulls not rejected at `alpha`, by bisection from the estimate outwards on each side (50
        halvings of the bracket: far below any printed digit). NaN when the draws cannot bound it."""
        if not self.std_error > 0:
            return (np.nan, np.nan)  # a perfect fit: no sampling variation to bootstrap
        bounds = []
        for side in (-1.0, 1.0):
            inner, step = self.estimate, 2 * self.std_error
            outer = inner + side * step
            while self.p_value(outer) > alpha:
                inner, step = outer, step * 2
                outer = inner + side * step
                if step > 1e6 * self.std_error:
                    return (np.nan, np.nan)  # never rejected: the draws cannot bound the interval
            for _ in range(halvings):
                middle = (inner + outer) / 2
                inner, outer = (middle, outer) if self.p_value(middle) > alpha else (inner, middle)
            bounds.append((inner + outer) / 2)
        return bounds[0], bounds[1]

    def result(self, alpha: float = 0.05) -> WildResult:
        low, high = self.interval(alpha)
        return WildResult(self.estimate, self.std_error, self.p_value(0.0), low, high, self.replicates, self.enumerated)
