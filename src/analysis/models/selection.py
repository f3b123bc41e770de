"""How far the reported PAR INDEX / SIPAS rows are a sample of extremes, and how the three indices agree."""

from __future__ import annotations

import pandas as pd

from analysis.models.associations import correlate, within_year_z

THIRDS = {"top (1-21)": (1, 21), "middle (22-42)": (22, 42), "bottom (43-63)": (43, 63)}
MIDDLE_RANKS = (11, 53)  # leaves out the top 10 and bottom 10 the press reports most


def rank_coverage(panel: pd.DataFrame) -> pd.DataFrame:
    """Per index and year: how many ranks are present, and how they split into thirds of 1-63."""
    totals = panel[(panel["level"] == "total") & panel["index"].isin(["par_index", "sipas"]) & panel["rank"].notna()]
    rows = []
    for (index, year), group in totals.groupby(["index", "year"]):
        row = {"index": index, "year": year, "n_ranks": len(group)}
        for name, (low, high) in THIRDS.items():
            row[name] = int(group["rank"].between(low, high).sum())
        row["share_in_top_or_bottom_10"] = float((~group["rank"].between(*MIDDLE_RANKS)).mean())
        rows.append(row)
    out = pd.DataFrame(rows)
    out["share_expected_if_random"] = 20 / 63
    return out


def middle_vs_full(frame: pd.DataFrame, pairs: list[tuple[str, str]]) -> pd.DataFrame:
    """Spearman correlation on every province-year vs only those whose reported rank is 11-53."""
    rows = []
    for x, y in pairs:
        rank_column = next(
            (f"{v}_rank" for v in (y, x) if v.endswith("_total") and f"{v}_rank" in frame and not v.startswith("papi")),
            None,
        )
        if rank_column is None or x not in frame or y not in frame:
            continue
        data = frame[[x, y, rank_column, "year"]].dropna()
        z = within_year_z(data, [x, y]).assign(rank=data[rank_column])
        for sample, rows_in_sample in (
            ("all reported", z),
            ("middle ranks 11-53", z[z["rank"].between(*MIDDLE_RANKS)]),
        ):
            subset = rows_in_sample.dropna()
            result = correlate(subset[x], subset[y], "spearman") if len(subset) >= 5 else {"n": len(subset)}
            rows.append({"x": x, "y": y, "sample": sample, **result})
    return pd.DataFrame(rows)


def rank_agreement(frame: pd.DataFrame, min_n: int = 5) -> pd.DataFrame:
    """Spearman rho between the provinces' ranks on two indices, by year (n stated; thin years flagged)."""
    rows = []
    for a, b in (
        ("papi_total_rank", "par_index_total_rank"),
        ("papi_total_rank", "sipas_total_rank"),
        ("par_index_total_rank", "sipas_total_rank"),
    ):
        for year, group in frame.groupby("year"):
            data = group[[a, b]].dropna()
            if len(data) < min_n:
                continue
            rows.append(
                {
                    "year": year,
                    "a": a.removesuffix("_total_rank"),
                    "b": b.removesuffix("_total_rank"),
                    **correlate(data[a], data[b], "spearman"),
                }
            )
    return pd.DataFrame(rows)


def divergences(frame: pd.DataFrame, panel: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """Province-years whose relative position (0 = first, 1 = last) differs by >= threshold between indices."""
    n_ranked = panel[panel["level"] == "total"].pivot_table(
        index=["year", "province_code"], columns="index", values="n_ranked", aggfunc="first"
    )
    data = frame.set_index(["year", "province_code"]).join(n_ranked)
    rows = []
    for index in ("par_index", "sipas"):
        position = {i: (data[f"{i}_total_rank"] - 1) / (data[i] - 1) for i in ("papi", index)}
        gap = position[index] - position["papi"]
        chosen = gap[gap.abs() >= threshold].dropna()
        for (year, code), value in chosen.items():
            row = data.loc[(year, code)]
            rows.append(
                {
                    "year": year,
                    "province_code": code,
                    "province_name": row["province_name"],
                    "other_index": index,
                    "papi_score": row["papi_total"],
                    "papi_rank": row["papi_total_rank"],
                    "papi_n_ranked": row["papi"],
                    "other_score": row[f"{index}_total"],
                    "other_rank": row[f"{index}_total_rank"],
                    "other_n_ranked": row[index],
                    "position_gap": value,
                }
            )
    return pd.DataFrame(rows).sort_values(
        ["year", "position_gap"], key=lambda s: s.abs() if s.name == "position_gap" else s
    )
