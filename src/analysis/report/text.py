"""Every label and sentence of the briefing in Vietnamese and English (one table, one notebook)."""
from __future__ import annotations

TEXT = {
    "title": {"vi": "Bản tin chỉ số quản trị cấp tỉnh năm {year}", "en": "Provincial governance briefing {year}"},
    "subtitle": {"vi": "PAPI · PAR INDEX · SIPAS — {n} tỉnh trọng tâm: {focus}",
                 "en": "PAPI · PAR INDEX · SIPAS — focus: {focus}"},
    "contents": {"vi": "Mục lục", "en": "Contents"},
    "sec_national": {"vi": "1. Bức tranh toàn quốc", "en": "1. National picture"},
    "sec_coverage": {"vi": "Độ phủ dữ liệu", "en": "Data coverage"},
    "sec_map": {"vi": "2. Bản đồ PAPI theo nhóm", "en": "2. Map of PAPI quartile groups"},
    "sec_change": {"vi": "3. Thay đổi so với năm trước", "en": "3. Change since last year"},
    "sec_models": {"vi": "4. Các mô hình cho thấy gì", "en": "4. What the models say"},
    "sec_spotlight": {"vi": "5. Tiêu điểm: {province}", "en": "5. Spotlight: {province}"},
    "sec_sources": {"vi": "6. Nguồn dữ liệu và phương pháp", "en": "6. Sources and method"},
    "index": {"vi": "Chỉ số", "en": "Index"},
    "province": {"vi": "Tỉnh/thành phố", "en": "Province"},
    "region": {"vi": "Vùng", "en": "Region"},
    "score": {"vi": "Điểm", "en": "Score"},
    "rank": {"vi": "Xếp hạng", "en": "Rank"},
    "change_rank": {"vi": "Thay đổi thứ hạng", "en": "Rank change"},
    "change_score": {"vi": "Thay đổi điểm", "en": "Score change"},
    "basis": {"vi": "Căn cứ", "en": "Basis"},
    "basis_stated": {"vi": "nêu trực tiếp trong nguồn", "en": "stated by the source"},
    "basis_derived": {"vi": "suy ra từ mức thay đổi", "en": "derived from a stated change"},
    "basis_sum of dimensions": {"vi": "tổng các nội dung (tính lại)", "en": "sum of dimensions (recomputed)"},
    "with_score": {"vi": "Số tỉnh có điểm", "en": "Provinces with a score"},
    "with_rank": {"vi": "Số tỉnh có thứ hạng", "en": "Provinces with a rank"},
    "missing": {"vi": "Không có dữ liệu", "en": "No data"},
    "not_available": {"vi": "không có", "en": "n/a"},
    "up": {"vi": "tăng {k} bậc", "en": "up {k}"},
    "down": {"vi": "giảm {k} bậc", "en": "down {k}"},
    "same": {"vi": "giữ nguyên", "en": "unchanged"},
    "of": {"vi": "/", "en": " of "},
    "dimension": {"vi": "Nội dung", "en": "Dimension"},
    "subdimension": {"vi": "Nội dung thành phần", "en": "Sub-dimension"},
    "province_value": {"vi": "Tỉnh", "en": "Province"},
    "median": {"vi": "Trung vị toàn quốc", "en": "National median"},
    "best": {"vi": "Cao nhất toàn quốc", "en": "National best"},
    "gap_median": {"vi": "Chênh lệch so với trung vị (% thang điểm)", "en": "Gap to median (% of scale)"},
    "gap_best": {"vi": "Chênh lệch so với cao nhất", "en": "Gap to best"},
    "top10": {"vi": "10 tỉnh dẫn đầu PAPI {year}", "en": "Top 10 provinces, PAPI {year}"},
    "bottom10": {"vi": "10 tỉnh cuối bảng PAPI {year}", "en": "Bottom 10 provinces, PAPI {year}"},
    "gainers": {"vi": "Tăng điểm nhiều nhất", "en": "Biggest gainers"},
    "fallers": {"vi": "Giảm điểm nhiều nhất", "en": "Biggest fallers"},
    "groups": {"vi": ["Cao nhất (≥ phân vị 75)", "Trung bình cao", "Trung bình thấp", "Thấp nhất (< phân vị 25)",
                      "Không có dữ liệu"],
               "en": ["Best (≥ 75th percentile)", "High average", "Low average", "Poor (< 25th percentile)",
                      "No data"]},
    "map_title": {"vi": "PAPI {year}: nhóm tỉnh theo tứ phân vị điểm tổng hợp",
                  "en": "PAPI {year}: provinces by quartile group of the total score"},
    "map_credit": {"vi": "Ranh giới: Open Development Mekong / Cục Đo đạc và Bản đồ Việt Nam, CC BY-SA 4.0. "
                         "Phạm vi: đất liền.",
                   "en": "Boundaries: Open Development Mekong / Department of Survey and Mapping (Viet Nam), "
                         "CC BY-SA 4.0. Mainland extent."},
    "dist_title": {"vi": "Phân bố điểm các nội dung PAPI {year} (n = {n} tỉnh)",
                   "en": "Distribution of PAPI dimension scores {year} (n = {n} provinces)"},
    "dist_y": {"vi": "Điểm (thang 1–10)", "en": "Score (1–10 scale)"},
    "profile_title": {"vi": "{province}: các nội dung PAPI {year} so với toàn quốc",
                      "en": "{province}: PAPI dimensions {year} against the country"},
    "profile_x": {"vi": "Điểm (thang 1–10)", "en": "Score (1–10 scale)"},
    "scatter_par_title": {"vi": "PAPI và PAR INDEX năm {year}", "en": "PAPI and PAR INDEX, {year}"},
    "scatter_sipas_title": {"vi": "PAPI và SIPAS năm {year}", "en": "PAPI and SIPAS, {year}"},
    "papi_axis": {"vi": "PAPI tổng hợp (điểm, không trọng số)", "en": "PAPI total (points, unweighted)"},
    "par_axis": {"vi": "PAR INDEX (%)", "en": "PAR INDEX (%)"},
    "sipas_axis": {"vi": "SIPAS (% hài lòng)", "en": "SIPAS (% satisfied)"},
    "heatmap_title": {"vi": "Tương quan Spearman, gộp các năm (chuẩn hóa trong từng năm)",
                      "en": "Spearman correlations, pooled years (standardised within year)"},
    "ranks_title": {"vi": "Thứ hạng PAR INDEX và SIPAS có trong dữ liệu, mọi năm",
                    "en": "PAR INDEX and SIPAS ranks present in the data, all years"},
    "ranks_x": {"vi": "Thứ hạng (1 = cao nhất, trên 63 tỉnh)", "en": "Rank (1 = best, of 63)"},
    "ranks_y": {"vi": "Số tỉnh-năm", "en": "Province-years"},
    "source_papi": {"vi": "Nguồn: PAPI (CECODES, VFF-CRT, RTA, UNDP), papi.org.vn; xếp hạng tính trên các tỉnh có điểm.",
                    "en": "Source: PAPI (CECODES, VFF-CRT, RTA, UNDP), papi.org.vn; ranks computed among provinces scored."},
    "source_all": {"vi": "Nguồn: PAPI (papi.org.vn); PAR INDEX và SIPAS (Bộ Nội vụ) theo cổng thông tin và báo chí; "
                         "data/processed/indices_long.csv.",
                   "en": "Sources: PAPI (papi.org.vn); PAR INDEX and SIPAS (Ministry of Home Affairs) as reported by "
                         "portals and the press; data/processed/indices_long.csv."},
    "no_previous": {"vi": "Không có năm trước để so sánh.", "en": "There is no earlier year to compare with."},
    "not_comparable": {"vi": "PAPI {year} có {n} nội dung, năm trước có {m}: điểm tổng hợp không so sánh được "
                             "(phương pháp thay đổi năm 2018).",
                       "en": "PAPI {year} has {n} dimensions and the year before had {m}: totals are not comparable "
                             "(the method changed in 2018)."},
    "coverage_note": {"vi": "PAPI {year}: {n} tỉnh có điểm tổng hợp{missing}. PAR INDEX: {par} tỉnh có số liệu; "
                            "SIPAS: {sipas} tỉnh (số liệu thu thập từ cổng thông tin và báo chí, chưa đủ 63 tỉnh).",
                      "en": "PAPI {year}: {n} provinces have a total score{missing}. PAR INDEX: {par} provinces "
                            "have data; SIPAS: {sipas} (collected from portals and the press; not all 63)."},
    "missing_list": {"vi": "; không có điểm: {names}", "en": "; no total: {names}"},
    "models_intro": {"vi": "Các hệ số chuẩn hóa (độ lệch chuẩn), khoảng tin cậy 95% và giá trị p đã hiệu chỉnh "
                           "Benjamini–Hochberg; mô hình chỉ chạy khi n ≥ {min_n} và n ≥ số tham số + 10. "
                           "{fitted} mô hình được ước lượng, {skipped} bị bỏ qua vì thiếu dữ liệu.",
                     "en": "Standardised coefficients (SD units), 95% confidence intervals and Benjamini–Hochberg "
                           "adjusted p-values; a model runs only when n ≥ {min_n} and n ≥ parameters + 10. "
                           "{fitted} models were fitted, {skipped} skipped for lack of data."},
    "agreement": {"vi": "Mức đồng thuận giữa các chỉ số năm {year} (Spearman ρ giữa thứ hạng)",
                  "en": "Agreement between the indices in {year} (Spearman ρ between ranks)"},
    "no_agreement": {"vi": "Năm {year} không đủ tỉnh có cả hai thứ hạng để so sánh.",
                     "en": "In {year} too few provinces have both ranks to compare."},
    "divergent": {"vi": "Các trường hợp xếp hạng khác biệt lớn năm {year}", "en": "Divergent cases in {year}"},
    "components_none": {"vi": "Chưa đủ dữ liệu thành phần PAR INDEX để ước lượng (cần n ≥ {min_n}); các thành phần "
                              "sẽ được phân tích khi có bảng đầy đủ của Bộ Nội vụ.",
                        "en": "Too few PAR INDEX component scores to model (n ≥ {min_n} needed); components will be "
                              "analysed once the ministry's full tables are added."},
    "links_title": {"vi": "Những yếu tố gắn với PAPI và SIPAS nhiều nhất (mô hình gộp)",
                    "en": "What goes with PAPI and SIPAS most (pooled models)"},
    "weakest": {"vi": "Các nội dung thành phần yếu nhất (khoảng cách lớn nhất so với trung vị)",
                "en": "Weakest sub-dimensions (largest gaps to the national median)"},
    "rank_note": {"vi": "Xếp hạng PAPI do dự án tính trên {n} tỉnh có điểm (PAPI chỉ công bố nhóm); báo chí có thể "
                        "nêu thứ hạng khác.",
                  "en": "PAPI ranks are computed here among the {n} provinces scored (PAPI publishes groups, not "
                        "ranks); the press may quote a different rank."},
    "derived_note": {"vi": "* suy ra từ mức thay đổi được nêu trong nguồn, không được nêu trực tiếp.",
                     "en": "* derived from a change stated by the source, not stated directly."},
    "selection_caveat": {"vi": "Lưu ý chọn mẫu: ", "en": "Selection caveat: "},
    "method": {"vi": "Dữ liệu: data/processed/indices_long.csv (mỗi dòng ghi nguồn và dòng tệp gốc). Tham số: {params}. "
                     "Mô hình: data/processed/model_results.csv. Phiên bản mã: {commit}.",
               "en": "Data: data/processed/indices_long.csv (every row names its source and raw-file line). "
                     "Parameters: {params}. Models: data/processed/model_results.csv. Code version: {commit}."},
    "headline": {"vi": "PAPI: {n} tỉnh có điểm, cao nhất {best} ({best_score:.2f}); PAR INDEX: {par} tỉnh; SIPAS: {sipas} tỉnh",
                 "en": "PAPI: {n} provinces scored, top {best} ({best_score:.2f}); PAR INDEX: {par} provinces; SIPAS: {sipas}"},
}

INDEX_LABEL = {"papi": "PAPI", "par_index": "PAR INDEX", "sipas": "SIPAS"}


def t(key: str, lang: str, **values) -> str | list:
    entry = TEXT[key][lang]
    return entry.format(**values) if isinstance(entry, str) and values else entry
