"""Every word a reader sees, in Vietnamese and English: report labels and sentences, chart labels, model sentences
and caveats, and the number format of each language. One table, so a test can check that every entry has both
languages with the same placeholders; it is applied once, where a table, chart or sentence is shown."""

from __future__ import annotations

import string

TEXT: dict[str, dict[str, str | list[str]]] = {
    "title": {"vi": "Bản tin chỉ số quản trị cấp tỉnh năm {year}", "en": "Provincial governance briefing {year}"},
    "subtitle": {
        "vi": "PAPI · PAR INDEX · SIPAS — {n} tỉnh trọng tâm: {focus}",
        "en": "PAPI · PAR INDEX · SIPAS — {n} focus province(s): {focus}",
    },
    "contents": {"vi": "Mục lục", "en": "Contents"},
    "profile_title": {"vi": "Hồ sơ {province} năm {year}", "en": "{province}: profile {year}"},
    "profile_subtitle": {
        "vi": "PAPI · PAR INDEX · SIPAS — điểm, thứ hạng, ưu tiên, xu hướng và các tỉnh cùng vùng",
        "en": "PAPI · PAR INDEX · SIPAS — scores, ranks, priorities, trend and regional peers",
    },
    "sec_national": {"vi": "1. Bức tranh toàn quốc", "en": "1. National picture"},
    "sec_coverage": {"vi": "Độ phủ dữ liệu", "en": "Data coverage"},
    "sec_map": {"vi": "2. Bản đồ theo nhóm tứ phân vị", "en": "2. Map of quartile groups"},
    "sec_change": {"vi": "3. Thay đổi so với năm trước", "en": "3. Change since last year"},
    "sec_models": {"vi": "4. Các mô hình cho thấy gì", "en": "4. What the models say"},
    "sec_sources": {"vi": "5. Nguồn dữ liệu và phương pháp", "en": "5. Sources and method"},
    "index": {"vi": "Chỉ số", "en": "Index"},
    "province": {"vi": "Tỉnh/thành phố", "en": "Province"},
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
    "up": {"vi": "tăng {k} bậc", "en": "up {k}"},
    "down": {"vi": "giảm {k} bậc", "en": "down {k}"},
    "same": {"vi": "giữ nguyên", "en": "unchanged"},
    "of": {"vi": "/", "en": " of "},
    "dimension": {"vi": "Nội dung", "en": "Dimension"},
    "subdimension": {"vi": "Nội dung thành phần", "en": "Sub-dimension"},
    "province_value": {"vi": "Tỉnh", "en": "Province"},
    "median": {"vi": "Trung vị toàn quốc", "en": "National median"},
    "gap_median": {"vi": "Chênh lệch so với trung vị (% thang điểm)", "en": "Gap to median (% of scale)"},
    "gainers": {"vi": "Tăng điểm nhiều nhất", "en": "Biggest gainers"},
    "fallers": {"vi": "Giảm điểm nhiều nhất", "en": "Biggest fallers"},
    "groups": {
        "vi": [
            "Cao nhất (≥ phân vị 75)",
            "Trung bình cao",
            "Trung bình thấp",
            "Thấp nhất (< phân vị 25)",
            "Không có dữ liệu",
        ],
        "en": ["Best (≥ 75th percentile)", "High average", "Low average", "Poor (< 25th percentile)", "No data"],
    },
    "map_title": {
        "vi": "{index} {year}: nhóm tỉnh theo tứ phân vị điểm tổng hợp",
        "en": "{index} {year}: provinces by quartile group of the total score",
    },
    "map_credit": {
        "vi": "Ranh giới: Open Development Mekong / Cục Đo đạc và Bản đồ Việt Nam, CC BY-SA 4.0. Phạm vi: đất liền.",
        "en": "Boundaries: Open Development Mekong / Department of Survey and Mapping (Viet Nam), "
        "CC BY-SA 4.0. Mainland extent.",
    },
    "dist_title": {
        "vi": "Phân bố điểm các nội dung PAPI {year} (n = {n} tỉnh)",
        "en": "Distribution of PAPI dimension scores {year} (n = {n} provinces)",
    },
    "dist_y": {"vi": "Điểm (thang 1–10)", "en": "Score (1–10 scale)"},
    "scatter_title": {
        "vi": "PAPI so với PAR INDEX và SIPAS năm {year} (mỗi điểm là một tỉnh)",
        "en": "PAPI against PAR INDEX and SIPAS, {year} (one point per province)",
    },
    "dashboard_title": {
        "vi": "Bảng tổng hợp PAPI {year}: {n} tỉnh theo nội dung, tô màu theo nhóm tứ phân vị của từng cột",
        "en": "PAPI {year} dashboard: {n} provinces by dimension, coloured by quartile group within each column",
    },
    "papi_axis": {"vi": "PAPI tổng hợp (điểm, không trọng số)", "en": "PAPI total (points, unweighted)"},
    "par_axis": {"vi": "PAR INDEX (%)", "en": "PAR INDEX (%)"},
    "sipas_axis": {"vi": "SIPAS (% hài lòng)", "en": "SIPAS (% satisfied)"},
    "heatmap_title": {
        "vi": "Tương quan Spearman, gộp các năm (chuẩn hóa trong từng năm)",
        "en": "Spearman correlations, pooled years (standardised within year)",
    },
    "ranks_title": {
        "vi": "Thứ hạng PAR INDEX và SIPAS có trong dữ liệu, mọi năm",
        "en": "PAR INDEX and SIPAS ranks present in the data, all years",
    },
    "ranks_x": {"vi": "Thứ hạng (1 = cao nhất, trên {n} tỉnh)", "en": "Rank (1 = best, of {n})"},
    "ranks_y": {"vi": "Số tỉnh-năm", "en": "Province-years"},
    "source_papi": {
        "vi": "Nguồn: PAPI (CECODES, VFF-CRT, RTA, UNDP), papi.org.vn; xếp hạng tính trên các tỉnh có điểm.",
        "en": "Source: PAPI (CECODES, VFF-CRT, RTA, UNDP), papi.org.vn; ranks computed among provinces scored.",
    },
    "headline_fall": {
        "vi": "{index} giảm {k} bậc, xuống hạng {rank}/{n}: mức giảm lớn thứ {order} trong {m} tỉnh có thứ hạng cả "
        "hai năm.",
        "en": "{index} fell {k} places to {rank} of {n}: the fall ranked {order} by size among the {m} provinces "
        "ranked in both years.",
    },
    "headline_rise": {
        "vi": "{index} tăng {k} bậc, lên hạng {rank}/{n}: mức tăng lớn thứ {order} trong {m} tỉnh có thứ hạng cả "
        "hai năm.",
        "en": "{index} rose {k} places to {rank} of {n}: the rise ranked {order} by size among the {m} provinces "
        "ranked in both years.",
    },
    "headline_no_move": {
        "vi": "Năm {year} không có thay đổi thứ hạng nào so với năm trước trong dữ liệu.",
        "en": "No rank change from the year before is in the data for {year}.",
    },
    "glance_title": {"vi": "{province} năm {year}: tóm tắt", "en": "{province} {year} at a glance"},
    "glance_table": {
        "vi": "Điểm, thứ hạng và thay đổi so với năm {previous}",
        "en": "Score, rank and change since {previous}",
    },
    "area": {"vi": "Lĩnh vực PAPI", "en": "PAPI area"},
    "priorities_no_errors": {
        "vi": "Các tệp PAPI chính thức không công bố sai số chuẩn cho từng nội dung và nội dung thành phần, nên các "
        "chênh lệch này không có khoảng tin cậy.",
        "en": "The official PAPI files publish no standard errors for dimensions or sub-dimensions, so these gaps "
        "carry no interval.",
    },
    "indicator_title": {
        "vi": "Các chỉ tiêu PAPI {year} bất lợi nhất so với trung vị toàn quốc",
        "en": "PAPI {year} indicators furthest on the adverse side of the national median",
    },
    "indicator_col": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "indicator_gap": {"vi": "Khoảng cách bất lợi (độ lệch chuẩn vững)", "en": "Adverse gap (robust SD)"},
    "indicator_rank": {"vi": "Thứ hạng", "en": "Rank"},
    "indicator_note": {
        "vi": "Chiều tốt/xấu của từng chỉ tiêu được suy ra từ tương quan với nội dung thành phần của nó (|ρ| ≥ 0,3); "
        "chỉ tiêu không có chiều rõ ràng bị bỏ qua. Chỉ tiêu không có sai số công bố.",
        "en": "Whether higher is better is read from each indicator's correlation with its sub-dimension (|ρ| ≥ 0.3); "
        "indicators without a clear direction are left out. Indicators carry no published error.",
    },
    "scorecard_title": {
        "vi": "Bảng điểm chi tiết PAR INDEX {year}: điểm bị mất",
        "en": "PAR INDEX {year} scorecard: points lost",
    },
    "scorecard_summary": {
        "vi": "Theo bảng điểm chi tiết, {province} đạt {points:.2f} điểm; {short}/{n} tiêu chí chưa đạt điểm tối đa "
        "và {zero}/{n} tiêu chí bằng 0; mất {lost:.2f} điểm, nhiều nhất ở lĩnh vực {field} ({field_lost:.2f} điểm).",
        "en": "By the scorecard, {province} scored {points:.2f} points; {short} of {n} criteria fell short of the "
        "maximum and {zero} of {n} scored zero; {lost:.2f} points were lost, most in the field {field} "
        "({field_lost:.2f} points).",
    },
    "scorecard_fields": {"vi": "Điểm bị mất theo lĩnh vực", "en": "Points lost by field"},
    "scorecard_criteria": {"vi": "Các tiêu chí mất nhiều điểm nhất", "en": "Criteria with the largest losses"},
    "scorecard_field": {"vi": "Lĩnh vực", "en": "Field"},
    "scorecard_criterion": {"vi": "Tiêu chí", "en": "Criterion"},
    "scorecard_max": {"vi": "Điểm tối đa", "en": "Maximum"},
    "scorecard_points": {"vi": "Điểm đạt", "en": "Points"},
    "scorecard_lost": {"vi": "Điểm bị mất", "en": "Points lost"},
    "scorecard_recovery": {
        "vi": "Nếu khắc phục {criteria} (+{gain:.2f} điểm), tổng điểm là {total:.2f}: cao hơn {above} trong {others} "
        "tỉnh khác có điểm {year} được công bố trong dữ liệu (hiện cao hơn {above_now}).",
        "en": "Recovering {criteria} (+{gain:.2f} points) would have given {total:.2f} points: above {above} of the "
        "{others} other provinces with a published {year} score in the data (now above {above_now}).",
    },
    "scorecard_missing": {
        "vi": "Chưa có bảng điểm chi tiết PAR INDEX {year} của tỉnh. Tạo mẫu bằng lệnh python -m analysis "
        'scorecard-template --year {year} --province "{province}", điền theo thông báo của Bộ Nội vụ và lưu thành '
        "{path} trong thư mục nguồn; bản tin sẽ chỉ ra điểm bị mất theo lĩnh vực và tiêu chí.",
        "en": "No PAR INDEX {year} scorecard for this province yet. Make a template with python -m analysis "
        'scorecard-template --year {year} --province "{province}", fill it from the Ministry\'s notice and save it as '
        "{path} in the source folder; the briefing will then show the points lost by field and criterion.",
    },
    "constituents_title": {
        "vi": "{province} (từ 2025) và các tỉnh hợp thành: {parts}",
        "en": "{province} (from 2025) and the provinces it was formed from: {parts}",
    },
    "merger_note": {
        "vi": "Từ 1/7/2025 cả nước có 34 tỉnh, thành phố (Nghị quyết 202/2025/QH15); mỗi tỉnh cũ là một đường riêng, "
        "không có điểm gộp.",
        "en": "Since 1 July 2025 Viet Nam has 34 provinces (Resolution 202/2025/QH15); each old province is its own "
        "line, no combined score is made up.",
    },
    "not_comparable_merger": {
        "vi": "Năm {year} dùng 34 tỉnh sau sáp nhập, năm {previous} dùng 63 tỉnh: thứ hạng và điểm không so sánh "
        "trực tiếp theo tỉnh.",
        "en": "{year} uses the 34 provinces after the merger and {previous} the 63 before it: ranks and scores are "
        "not compared province by province.",
    },
    "no_papi_year": {
        "vi": "Chưa có dữ liệu PAPI năm {year}.",
        "en": "There is no PAPI data for {year} yet.",
    },
    "priority_links": {
        "vi": "Liên hệ với các chỉ số khác, theo các câu hỏi đã khai báo trước (gộp các năm): {links}.",
        "en": "Links to the other indices, from the pre-declared questions (pooled years): {links}.",
    },
    "priority_links_none": {
        "vi": "Kế hoạch phân tích không có câu hỏi nào về các lĩnh vực này và PAR INDEX hay SIPAS, nên dữ liệu ở "
        "đây không cho biết cải thiện chúng có kéo theo hai chỉ số đó hay không.",
        "en": "The analysis plan asks no question about these areas and PAR INDEX or SIPAS, so this data cannot "
        "say whether improving them moves those indices.",
    },
    "priority_links_rest": {
        "vi": "các lĩnh vực còn lại ({areas}) không có câu hỏi khai báo trước",
        "en": "the other areas ({areas}) have no pre-declared question",
    },
    "regional_median": {"vi": "Trung vị vùng", "en": "Regional median"},
    "gap_regional": {
        "vi": "Chênh lệch so với trung vị vùng (% thang điểm)",
        "en": "Gap to regional median (% of scale)",
    },
    "priorities_title": {
        "vi": "Ưu tiên: các lĩnh vực PAPI {year} cách xa trung vị toàn quốc nhất",
        "en": "Priorities: PAPI {year} areas furthest below the national median",
    },
    "no_components": {
        "vi": "Dữ liệu chưa có điểm thành phần PAR INDEX và SIPAS của tỉnh; bảng phụ lục của Bộ Nội vụ (điểm từng "
        "lĩnh vực, tiêu chí) sẽ trả lời cần khắc phục thành phần nào.",
        "en": "The data has no PAR INDEX or SIPAS component scores for this province; the Ministry's annex table "
        "(scores per field and criterion) would show which components to fix.",
    },
    "trend_title": {
        "vi": "{province}: điểm qua các năm so với trung vị",
        "en": "{province}: scores over the years against the medians",
    },
    "trend_national": {"vi": "Trung vị các tỉnh có số liệu", "en": "Median of provinces with data"},
    "trend_regional": {"vi": "Trung vị các tỉnh cùng vùng có số liệu", "en": "Regional median (provinces with data)"},
    "trend_break_note": {
        "vi": "Đường gạch dọc: phương pháp thay đổi (số liệu trước và sau không so sánh trực tiếp được).",
        "en": "Dashed vertical line: the methodology changed (values before and after are not directly comparable).",
    },
    "year_axis": {"vi": "Năm", "en": "Year"},
    "score_axis": {"vi": "Điểm", "en": "Score"},
    "peers_title": {
        "vi": "So sánh trong vùng {region}, năm {year} (điểm)",
        "en": "Peers in {region}, {year} (scores)",
    },
    "rank_range_title": {
        "vi": "PAPI {year}: điểm với khoảng tin cậy 95% và khoảng thứ hạng hợp lý",
        "en": "PAPI {year}: score with 95% confidence interval, and plausible rank range",
    },
    "score_ci_x": {"vi": "Điểm PAPI (không trọng số) ± 1,96 sai số chuẩn", "en": "PAPI score (unweighted) ± 1.96 SE"},
    "rank_range_x": {"vi": "Thứ hạng (1 = cao nhất)", "en": "Rank (1 = highest)"},
    "legend_rank": {"vi": "Thứ hạng theo điểm", "en": "Rank by score"},
    "legend_range": {"vi": "Khoảng thứ hạng hợp lý (95%)", "en": "Plausible rank range (95%)"},
    "legend_score": {"vi": "Điểm và khoảng tin cậy 95%", "en": "Score and 95% CI"},
    "source_papi_sheets": {
        "vi": "Nguồn: bảng chỉ số cấp tỉnh chính thức của PAPI (papi.org.vn), sai số chuẩn đã công bố; "
        "{draws:,} lần mô phỏng, các tỉnh độc lập. data/processed/papi_rank_ranges.csv.",
        "en": "Source: official PAPI provincial sheets (papi.org.vn) with their published standard errors; {draws:,} "
        "simulated draws, provinces independent. data/processed/papi_rank_ranges.csv.",
    },
    "rank_range_sentence": {
        "vi": "{province} {year}: PAPI {score:.2f} điểm (sai số chuẩn {se:.2f}), xếp thứ {rank}/{n}, thứ hạng hợp lý "
        "từ {low} đến {high}; không phân biệt được với {same} tỉnh khác ở mức tin cậy 95%.",
        "en": "{province} {year}: PAPI {score:.2f} (standard error {se:.2f}), ranked {rank} of {n}, plausibly "
        "{low}–{high}; not distinguishable from {same} other provinces at 95%.",
    },
    "no_errors_sentence": {
        "vi": "Năm {year}: các tệp PAPI chính thức không công bố sai số chuẩn, nên không có khoảng thứ hạng.",
        "en": "{year}: the official PAPI files publish no standard errors, so there is no rank range.",
    },
    "source_all": {
        "vi": "Nguồn: PAPI (papi.org.vn); PAR INDEX và SIPAS (Bộ Nội vụ) theo cổng thông tin và báo chí; "
        "data/processed/indices_long.csv.",
        "en": "Sources: PAPI (papi.org.vn); PAR INDEX and SIPAS (Ministry of Home Affairs) as reported by "
        "portals and the press; data/processed/indices_long.csv.",
    },
    "no_previous": {"vi": "Không có năm trước để so sánh.", "en": "There is no earlier year to compare with."},
    "not_comparable": {
        "vi": "PAPI {year} có {n} nội dung, năm trước có {m}: điểm tổng hợp không so sánh được "
        "(phương pháp thay đổi năm 2018).",
        "en": "PAPI {year} has {n} dimensions and the year before had {m}: totals are not comparable "
        "(the method changed in 2018).",
    },
    "coverage_note": {
        "vi": "PAPI {year}: {n} tỉnh có điểm tổng hợp{missing}. PAR INDEX: {par} tỉnh có số liệu; "
        "SIPAS: {sipas} tỉnh (số liệu thu thập từ cổng thông tin và báo chí, chưa đủ {total} tỉnh).",
        "en": "PAPI {year}: {n} provinces have a total score{missing}. PAR INDEX: {par} provinces "
        "have data; SIPAS: {sipas} (collected from portals and the press; not all {total}).",
    },
    "missing_list": {"vi": "; không có điểm: {names}", "en": "; no total: {names}"},
    "models_intro": {
        "vi": "Các hệ số chuẩn hóa (độ lệch chuẩn), khoảng tin cậy 95% và giá trị p đã hiệu chỉnh "
        "Benjamini–Hochberg; mô hình chỉ chạy khi n ≥ {min_n} và n ≥ số tham số + 10. "
        "{fitted} mô hình được ước lượng, {skipped} bị bỏ qua vì thiếu dữ liệu.",
        "en": "Standardised coefficients (SD units), 95% confidence intervals and Benjamini–Hochberg "
        "adjusted p-values; a model runs only when n ≥ {min_n} and n ≥ parameters + 10. "
        "{fitted} models were fitted, {skipped} skipped for lack of data.",
    },
    "agreement": {
        "vi": "Mức đồng thuận giữa các chỉ số năm {year} (Spearman ρ giữa thứ hạng)",
        "en": "Agreement between the indices in {year} (Spearman ρ between ranks)",
    },
    "no_agreement": {
        "vi": "Năm {year} không đủ tỉnh có cả hai thứ hạng để so sánh.",
        "en": "In {year} too few provinces have both ranks to compare.",
    },
    "divergent": {"vi": "Các trường hợp xếp hạng khác biệt lớn năm {year}", "en": "Divergent cases in {year}"},
    "components_none": {
        "vi": "Chưa đủ dữ liệu thành phần PAR INDEX để ước lượng (cần n ≥ {min_n}); các thành phần "
        "sẽ được phân tích khi có bảng đầy đủ của Bộ Nội vụ.",
        "en": "Too few PAR INDEX component scores to model (n ≥ {min_n} needed); components will be "
        "analysed once the ministry's full tables are added.",
    },
    "links_title": {
        "vi": "Các câu hỏi đã khai báo trước: tương quan gộp giữa các chỉ số",
        "en": "The pre-declared questions: pooled correlations between the indices",
    },
    "rank_note": {
        "vi": "Xếp hạng PAPI do dự án tính trên {n} tỉnh có điểm (PAPI chỉ công bố nhóm); báo chí có thể "
        "nêu thứ hạng khác.",
        "en": "PAPI ranks are computed here among the {n} provinces scored (PAPI publishes groups, not "
        "ranks); the press may quote a different rank.",
    },
    "derived_note": {
        "vi": "* suy ra từ mức thay đổi được nêu trong nguồn, không được nêu trực tiếp.",
        "en": "* derived from a change stated by the source, not stated directly.",
    },
    "selection_caveat_label": {"vi": "Lưu ý chọn mẫu: ", "en": "Selection caveat: "},
    "selection_caveat": {
        "vi": "Số liệu PAR INDEX và SIPAS ở đây là những giá trị được cổng thông tin và báo chí chọn đưa tin, nên các "
        "tỉnh đứng đầu và cuối bảng chiếm tỷ lệ cao hơn so với cả 63 tỉnh; mẫu thiên về hai đầu có thể làm "
        "tương quan lớn hơn thực tế.",
        "en": "PAR INDEX and SIPAS values here are the ones portals and the press chose to report, so top and bottom "
        "ranks are over-represented compared with all provinces; a sample weighted towards the extremes can "
        "inflate correlations.",
    },
    "prov_item": {"vi": "Mục", "en": "Item"},
    "prov_value": {"vi": "Giá trị", "en": "Value"},
    "prov_parameters": {"vi": "Tham số", "en": "Parameters"},
    "prov_parameters_value": {
        "vi": "năm {year}; tỉnh trọng tâm: {focus}; ngôn ngữ: {language}",
        "en": "year {year}; focus provinces: {focus}; language: {language}",
    },
    "lang_vi": {"vi": "tiếng Việt", "en": "Vietnamese"},
    "lang_en": {"vi": "tiếng Anh", "en": "English"},
    "prov_data": {"vi": "Phiên bản dữ liệu", "en": "Data version"},
    "prov_data_value": {
        "vi": "data/manifest.csv (SHA-256 {sha}…); mỗi dòng của data/processed/indices_long.csv ghi nguồn và dòng "
        "tệp gốc",
        "en": "data/manifest.csv (SHA-256 {sha}…); every row of data/processed/indices_long.csv names its source and "
        "line",
    },
    "prov_code": {"vi": "Phiên bản mã (git)", "en": "Code version (git)"},
    "prov_models": {"vi": "Lần chạy mô hình", "en": "Model run"},
    "prov_models_value": {
        "vi": "các năm {first}–{last}, n tối thiểu {min_n}, kế hoạch phân tích {plan}",
        "en": "years {first}–{last}, minimum n {min_n}, analysis plan {plan}",
    },
    "prov_sources": {"vi": "Nguồn số liệu", "en": "Data sources"},
    "prov_boundaries": {"vi": "Bản đồ", "en": "Map"},
    "prov_conflicts": {"vi": "Xung đột nguồn trong năm", "en": "Source conflicts this year"},
    "prov_conflicts_value": {
        "vi": "{n} (data/processed/conflicts.csv ghi mọi ứng viên và quy tắc chọn)",
        "en": "{n} (data/processed/conflicts.csv lists every candidate and the rule applied)",
    },
    "headline_no_papi": {
        "vi": "Chưa có PAPI {year}; PAR INDEX: {par} tỉnh; SIPAS: {sipas} tỉnh",
        "en": "No PAPI {year} yet; PAR INDEX: {par} provinces; SIPAS: {sipas}",
    },
    "headline": {
        "vi": "PAPI: {n} tỉnh có điểm, cao nhất {best} ({best_score:.2f}); PAR INDEX: {par} tỉnh; SIPAS: {sipas} tỉnh",
        "en": "PAPI: {n} provinces scored, top {best} ({best_score:.2f}); PAR INDEX: {par} provinces; SIPAS: {sipas}",
    },
    # chart words
    "scatter_named": {
        "vi": "Ghi tên: tỉnh trọng tâm và {named} tỉnh xa đường hồi quy nhất trong mỗi khung.",
        "en": "Named: the focus province and, in each panel, the {named} provinces furthest from the line.",
    },
    "legend_province": {"vi": "Tỉnh/thành phố", "en": "Province"},
    "legend_focus": {"vi": "Tỉnh trọng tâm", "en": "Focus province"},
    "legend_fit": {"vi": "Đường hồi quy bình phương nhỏ nhất", "en": "Least-squares line"},
    "legend_even": {"vi": "Phân bố đều trên 1–{n} (mỗi chỉ số)", "en": "Even spread over 1–{n} (per index)"},
    "indicator": {"vi": "Chỉ số thành phần", "en": "Indicator"},
    "correlation_bar": {"vi": "Hệ số tương quan {method} (r)", "en": "{method} correlation (r)"},
    "resid_x": {"vi": "Giá trị ước lượng (đơn vị độ lệch chuẩn)", "en": "Fitted value (SD units)"},
    "resid_y": {"vi": "Phần dư (đơn vị độ lệch chuẩn)", "en": "Residual (SD units)"},
    "resid_title": {"vi": "Phần dư theo giá trị ước lượng", "en": "Residuals vs fitted"},
    "qq_title": {"vi": "Biểu đồ Q-Q chuẩn của phần dư", "en": "Normal Q-Q plot of residuals"},
    "qq_x": {"vi": "Phân vị lý thuyết", "en": "Theoretical quantile"},
    "qq_y": {"vi": "Phần dư đã sắp xếp", "en": "Ordered residual"},
    "resid_source": {"vi": "Mô hình: {spec}. n = {n}.", "en": "Model: {spec}. n = {n}."},
    # model sentences (analysis.models.summaries): one template per estimator
    "model_sentence_cross_section": {
        "vi": "Năm {years}, tỉnh có {term} cao hơn một độ lệch chuẩn thì {outcome} {direction} {size:.2f} độ lệch "
        "chuẩn (khoảng tin cậy 95%: {low:+.2f} đến {high:+.2f}, {ci_method}; p hiệu chỉnh BH {p}; n = {n} tỉnh). "
        "{verdict}",
        "en": "In {years}, provinces one standard deviation higher on {term} were {size:.2f} SD {direction} on "
        "{outcome} (95% CI {low:+.2f} to {high:+.2f}, {ci_method}; BH-adjusted p {p}; n = {n} provinces). {verdict}",
    },
    "model_sentence_pooled_year_fe": {
        "vi": "Giai đoạn {years}, so với các tỉnh khác trong cùng năm, tỉnh có {term} cao hơn một độ lệch chuẩn thì "
        "{outcome} {direction} {size:.2f} độ lệch chuẩn (khoảng tin cậy 95%: {low:+.2f} đến {high:+.2f}, "
        "{ci_method}; p hiệu chỉnh BH {p}; n = {n} quan sát, {provinces} tỉnh). {verdict}",
        "en": "Over {years}, compared with other provinces in the same year, provinces one SD higher on {term} were "
        "{size:.2f} SD {direction} on {outcome} (95% CI {low:+.2f} to {high:+.2f}, {ci_method}; BH-adjusted p {p}; "
        "n = {n} province-years, {provinces} provinces). {verdict}",
    },
    "model_sentence_panel_twfe": {
        "vi": "Giai đoạn {years}, trong cùng một tỉnh, một năm {term} tăng một độ lệch chuẩn so với mức thường "
        "thấy của tỉnh đó đi kèm {outcome} {direction} {size:.2f} độ lệch chuẩn (đã loại tác động tỉnh và năm; "
        "khoảng tin cậy 95%: {low:+.2f} đến {high:+.2f}, {ci_method}; p hiệu chỉnh BH {p}; n = {n} quan sát, "
        "{provinces} tỉnh). Thay đổi thực tế trong một tỉnh thường nhỏ hơn nhiều so với một độ lệch chuẩn. "
        "{verdict}",
        "en": "Over {years}, within a province, a year in which {term} was one SD above that province's usual level "
        "went with {outcome} {size:.2f} SD {direction} (province and year effects removed; 95% CI {low:+.2f} "
        "to {high:+.2f}, {ci_method}; BH-adjusted p {p}; n = {n} province-years, {provinces} provinces). Real "
        "changes within a province are usually much smaller than one SD. {verdict}",
    },
    "model_sentence_lagged": {
        "vi": "Giai đoạn {years}, giữa các tỉnh có cùng {outcome} năm nay, tỉnh có {term} năm nay cao hơn một độ "
        "lệch chuẩn thì {outcome} năm sau {direction} {size:.2f} độ lệch chuẩn (khoảng tin cậy 95%: {low:+.2f} "
        "đến {high:+.2f}, {ci_method}; p hiệu chỉnh BH {p}; n = {n} quan sát, {provinces} tỉnh). {verdict}",
        "en": "Over {years}, among provinces with the same {outcome} this year, those one SD higher on {term} this "
        "year were {size:.2f} SD {direction} on {outcome} the next year (95% CI {low:+.2f} to {high:+.2f}, "
        "{ci_method}; BH-adjusted p {p}; n = {n} province-years, {provinces} provinces). {verdict}",
    },
    "ci_hc3": {"vi": "sai số HC3, t(n−k)", "en": "HC3 errors, t(n−k)"},
    "ci_cluster_t": {"vi": "sai số cụm theo tỉnh, t(G−1)", "en": "province-clustered errors, t(G−1)"},
    "ci_wild": {"vi": "bootstrap wild theo cụm tỉnh (WCR)", "en": "wild-cluster bootstrap by province (WCR)"},
    "mde_note": {
        "vi": "Với cỡ mẫu này, kiểm định chỉ phát hiện được (với xác suất 80%) mức liên hệ từ {mde:.2f} trở lên.",
        "en": "With this sample, the test detects (with 80% power) only associations of {mde:.2f} or more.",
    },
    "loo_note": {
        "vi": "Kết quả mong manh: chỉ cần bỏ {names} là kết luận về khoảng tin cậy (có chứa 0 hay không) thay đổi.",
        "en": "Fragile: leaving out {names} alone changes whether the interval excludes zero.",
    },
    "loo_note_many": {
        "vi": "Kết quả mong manh: bỏ riêng một trong {count} tỉnh (như {names}) là kết luận về khoảng tin cậy "
        "thay đổi.",
        "en": "Fragile: leaving out any one of {count} provinces (e.g. {names}) changes whether the interval "
        "excludes zero.",
    },
    "breaks_note": {
        "vi": "Giai đoạn gộp có thay đổi phương pháp ({breaks}); xem kết quả tách theo giai đoạn.",
        "en": "The pooled years span methodology changes ({breaks}); see the split-period results.",
    },
    "split_sentence": {
        "vi": "Kiểm tra độ vững, {period} ({years}): ρ = {r:.2f} (khoảng tin cậy 95%: {low:.2f} đến {high:.2f}, "
        "{ci_method}; n = {n}, {provinces} tỉnh; không phải một kiểm định riêng).",
        "en": "Robustness, {period} ({years}): ρ = {r:.2f} (95% CI {low:.2f} to {high:.2f}, {ci_method}; n = {n}, "
        "{provinces} provinces; not a separate test).",
    },
    "period": {"vi": "Giai đoạn", "en": "Period"},
    "robustness_title": {
        "vi": "Kiểm tra độ vững: kết quả gộp tách theo thay đổi phương pháp (không phải kiểm định riêng)",
        "en": "Robustness: pooled results split at methodology changes (not separate tests)",
    },
    "split_before": {
        "vi": "trước thay đổi phương pháp {index} năm {year}",
        "en": "before the {index} change of {year}",
    },
    "split_from": {"vi": "từ thay đổi phương pháp {index} năm {year}", "en": "from the {index} change of {year}"},
    "direction_up": {"vi": "cao hơn", "en": "higher"},
    "direction_down": {"vi": "thấp hơn", "en": "lower"},
    "verdict_holds": {
        "vi": "Kết quả vẫn có ý nghĩa sau khi hiệu chỉnh kiểm định bội.",
        "en": "This holds after correction for multiple testing.",
    },
    "verdict_excludes_zero_not_corrected": {
        "vi": "Khoảng tin cậy (chưa hiệu chỉnh) không chứa 0, nhưng kết quả không còn ý nghĩa sau khi hiệu chỉnh "
        "cho các kiểm định cùng nhóm.",
        "en": "The unadjusted interval excludes zero, but the result does not hold after correction for the other "
        "tests in its family.",
    },
    "verdict_not_distinguishable": {
        "vi": "Kết quả này không khác 0 một cách có ý nghĩa.",
        "en": "This is not distinguishable from zero.",
    },
    "verdict_not_estimable": {
        "vi": "Không ước lượng được một cách tin cậy (mẫu quá nhỏ hoặc suy biến).",
        "en": "This cannot be estimated reliably (sample too small or degenerate).",
    },
    "corr_scope_pooled": {
        "vi": "Gộp các năm {years} (chuẩn hóa trong từng năm)",
        "en": "Pooled over {years} (standardised within year)",
    },
    "corr_scope_year": {"vi": "Năm {years}", "en": "In {years}"},
    "ci_pooled": {
        "vi": "bootstrap theo cụm tỉnh, phân vị, B = {b}",
        "en": "province-cluster bootstrap, percentile, B = {b}",
    },
    "ci_year": {"vi": "Fisher z, phương sai Fieller 1,06/(n−3)", "en": "Fisher z, Fieller variance 1.06/(n−3)"},
    "corr_positive": {"vi": "cùng chiều", "en": "positive"},
    "corr_negative": {"vi": "ngược chiều", "en": "negative"},
    "corr_sentence": {
        "vi": "{scope}, {x} và {y} có tương quan thứ hạng {direction}: ρ = {r:.2f} (khoảng tin cậy 95%: {low:.2f} "
        "đến {high:.2f}, {ci_method}; p hiệu chỉnh BH {p}, nhóm {m} kiểm định; n = {n}, {provinces} "
        "tỉnh). {verdict}",
        "en": "{scope}, {x} and {y} have a {direction} rank correlation: ρ = {r:.2f} (95% CI {low:.2f} to "
        "{high:.2f}, {ci_method}; BH-adjusted p {p}, family of {m}; n = {n}, {provinces} "
        "provinces). {verdict}",
    },
    "estimator": {"vi": "Ước lượng", "en": "Estimator"},
    "estimator_unweighted": {"vi": "không trọng số", "en": "unweighted"},
    "estimator_inverse-probability": {
        "vi": "trọng số nghịch đảo xác suất được đưa tin",
        "en": "inverse-probability weighted",
    },
    "selection_title": {
        "vi": "Điều chỉnh chọn mẫu: tương quan Spearman gộp, không trọng số và có trọng số theo nhóm "
        "thứ hạng được báo chí đưa tin (khoảng tin cậy bootstrap theo tỉnh)",
        "en": "Selection adjustment: pooled Spearman correlation, unweighted and weighted by the rank "
        "bands the press reported (province-cluster bootstrap intervals)",
    },
    "par_without_sipas": {"vi": "PAR INDEX trừ điểm SIPAS", "en": "PAR INDEX without its SIPAS points"},
    "overlap_note": {
        "vi": "Lưu ý: PAR INDEX bao gồm SIPAS như một thành phần (khoảng 10/100 điểm), nên một phần "
        "của mối liên hệ này là cơ học.",
        "en": "Note: PAR INDEX contains SIPAS as a component (about 10 of its 100 points), so part of "
        "this association is mechanical.",
    },
}

LANGUAGES = ("vi", "en")
INDEX_LABEL = {"papi": "PAPI", "par_index": "PAR INDEX", "sipas": "SIPAS"}


class LocalisedNumbers(string.Formatter):
    """Fills placeholders as str.format does, writing numbers the way the language does: Vietnamese uses a
    decimal comma and a dot between thousands (81,51; 14.500), English the reverse."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        if self.lang == "vi" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return text.translate(str.maketrans({".": ",", ",": "."}))
        return text


def number(value: float, lang: str, spec: str = ".2f") -> str:
    """One number in the language's format: number(81.51, 'vi') == '81,51'."""
    return LocalisedNumbers(lang).format("{0:" + spec + "}", value)


def t(key: str, lang: str, **values: object) -> str:
    """The text `key` in `lang`, with its placeholders filled from `values` (numbers in the language's format)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    entry = TEXT[key][lang]
    if not isinstance(entry, str):
        raise TypeError(f"text {key!r} is a list: use t_list")
    return LocalisedNumbers(lang).format(entry, **values) if values else entry


def t_list(key: str, lang: str) -> list[str]:
    """A list-valued text entry (e.g. the legend of the quartile groups)."""
    entry = TEXT[key][lang]
    if not isinstance(entry, list):
        raise TypeError(f"text {key!r} is not a list: use t")
    return list(entry)


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a template (format specs ignored)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
