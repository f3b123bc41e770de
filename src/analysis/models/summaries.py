"""One sentence per model term that a briefing can quote: direction, size in SD, uncertainty, n, caveat."""
from __future__ import annotations

import pandas as pd

from analysis.models.variables import SELECTION_CAVEAT, uses_selected_sample

KIND_TEXT = {
    "en": {"cross_section": "In {years}", "pooled_year_fe": "Across {years} (year effects removed)",
           "panel_twfe": "Within provinces over {years} (province and year effects removed)",
           "lagged": "From one year to the next over {years}"},
    "vi": {"cross_section": "Năm {years}", "pooled_year_fe": "Giai đoạn {years} (đã loại bỏ tác động của năm)",
           "panel_twfe": "Trong cùng một tỉnh qua giai đoạn {years} (đã loại bỏ tác động của tỉnh và năm)",
           "lagged": "Từ năm trước sang năm sau, giai đoạn {years}"},
}
TEMPLATES = {
    "en": ("{scope}, a province one standard deviation higher on {term} was {size:.2f} SD {direction} on {outcome} "
           "(95% CI {low:+.2f} to {high:+.2f}; BH-adjusted p = {p:.3f}; n = {n} province-years, {provinces} "
           "provinces). {verdict}"),
    "vi": ("{scope}, tỉnh có {term} cao hơn một độ lệch chuẩn thì {outcome} {direction} {size:.2f} độ lệch chuẩn "
           "(khoảng tin cậy 95%: {low:+.2f} đến {high:+.2f}; p đã hiệu chỉnh BH = {p:.3f}; n = {n} quan sát, "
           "{provinces} tỉnh). {verdict}"),
}
WORDS = {
    "en": {"up": "higher", "down": "lower", "yes": "This holds after correction for multiple testing.",
           "no": "After correction for multiple testing this is not distinguishable from zero."},
    "vi": {"up": "cao hơn", "down": "thấp hơn", "yes": "Kết quả vẫn có ý nghĩa sau khi hiệu chỉnh kiểm định bội.",
           "no": "Sau khi hiệu chỉnh kiểm định bội, kết quả này không khác 0 một cách có ý nghĩa."},
}
CAVEAT_VI = ("Số liệu PAR INDEX và SIPAS ở đây là những giá trị được cổng thông tin và báo chí chọn đưa tin, nên "
             "nhóm đứng đầu và cuối bảng chiếm tỷ lệ cao hơn thực tế; mẫu toàn giá trị cực trị làm tương quan lớn hơn.")
ALPHA = 0.05


def sentence(row: pd.Series, labels: dict[str, str], lang: str) -> str:
    words = WORDS[lang]
    text = TEMPLATES[lang].format(
        scope=KIND_TEXT[lang][row["kind"]].format(years=row["years"]), term=labels.get(row["term"], row["term"]),
        outcome=labels.get(row["outcome"], row["outcome"]), size=abs(row["estimate"]),
        direction=words["up"] if row["estimate"] >= 0 else words["down"], low=row["ci_low"], high=row["ci_high"],
        p=row["p_adjusted"], n=int(row["n"]), provinces=int(row["n_provinces"]),
        verdict=words["yes"] if row["p_adjusted"] < ALPHA else words["no"])
    if uses_selected_sample(row["outcome"], row["term"]):
        text += " " + (SELECTION_CAVEAT if lang == "en" else CAVEAT_VI)
    return text


def summarise(results: pd.DataFrame, labels_en: dict[str, str], labels_vi: dict[str, str]) -> pd.DataFrame:
    if results.empty:
        return pd.DataFrame(columns=["model", "term", "n", "significant", "summary_en", "summary_vi"])
    out = results[["model", "kind", "outcome", "term", "estimate", "ci_low", "ci_high", "p_adjusted", "n",
                   "concept"]].copy()
    out["significant"] = out["p_adjusted"] < ALPHA
    out["summary_en"] = [sentence(r, labels_en, "en") for _, r in results.iterrows()]
    out["summary_vi"] = [sentence(r, labels_vi, "vi") for _, r in results.iterrows()]
    return out
