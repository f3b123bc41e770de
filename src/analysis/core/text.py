"""Every word a reader sees, in Vietnamese and English: report labels and sentences, chart labels, model sentences
and caveats, and the number format of each language. One table, so a test can check that every entry has both
languages with the same placeholders; it is applied once, where a table, chart or sentence is shown."""

from __future__ import annotations

import re
import string

TEXT: dict[str, dict[str, str | list[str]]] = {
    "title": {"vi": "Bản tin chỉ số quản trị cấp tỉnh năm {year}", "en": "Provincial governance briefing {year}"},
    "subtitle": {
        "vi": "PAPI · PAR INDEX · SIPAS — {focus}",
        "en": "PAPI · PAR INDEX · SIPAS — {focus}",
    },
    "contents": {"vi": "Mục lục", "en": "Contents"},
    "profile_title": {"vi": "Hồ sơ {province} năm {year}", "en": "{province}: profile {year}"},
    "profile_subtitle": {
        "vi": "PAPI · PAR INDEX · SIPAS — điểm, thứ hạng, ưu tiên, xu hướng và các tỉnh cùng vùng",
        "en": "PAPI · PAR INDEX · SIPAS — scores, ranks, priorities, trend and regional peers",
    },
    "sec_national": {"vi": "A. Bức tranh toàn quốc", "en": "A. National picture"},
    "sec_coverage": {"vi": "Độ phủ dữ liệu", "en": "Data coverage"},
    "sec_map": {"vi": "Bản đồ theo nhóm tứ phân vị", "en": "Map of quartile groups"},
    "sec_change": {"vi": "B. Thay đổi so với năm trước", "en": "B. Change since last year"},
    "sec_models": {
        "vi": "C. Bằng chứng về liên hệ giữa các chỉ số",
        "en": "C. Evidence on the links between the indices",
    },
    "sec_sources": {"vi": "D. Nguồn, phương pháp và thuật ngữ", "en": "D. Sources, method and terms"},
    "index": {"vi": "Chỉ số", "en": "Index"},
    "province": {"vi": "Tỉnh/thành phố", "en": "Province"},
    "score": {"vi": "Điểm", "en": "Score"},
    "rank": {"vi": "Xếp hạng", "en": "Rank"},
    "change_rank": {"vi": "Thay đổi thứ hạng", "en": "Rank change"},
    "change_score": {"vi": "Thay đổi điểm", "en": "Score change"},
    "basis": {"vi": "Căn cứ", "en": "Basis"},
    "with_score": {"vi": "Số tỉnh có điểm", "en": "Provinces with a score"},
    "with_rank": {"vi": "Số tỉnh có thứ hạng", "en": "Provinces with a rank"},
    "missing": {"vi": "Không có dữ liệu", "en": "No data"},
    "up": {"vi": "tăng {k} bậc", "en": "up {k}"},
    "down": {"vi": "giảm {k} bậc", "en": "down {k}"},
    "same": {"vi": "giữ nguyên", "en": "unchanged"},
    "of": {"vi": "/", "en": " of "},
    "dimension": {"vi": "Nội dung", "en": "Dimension"},
    "subdimension": {"vi": "Nội dung thành phần", "en": "Sub-dimension"},
    "median": {"vi": "Trung vị toàn quốc", "en": "National median"},
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
        "vi": "Ranh giới: Open Development Mekong / Cục Đo đạc và Bản đồ Việt Nam, CC BY-SA 4.0.",
        "en": "Boundaries: Open Development Mekong / Department of Survey and Mapping (Viet Nam), CC BY-SA 4.0.",
    },
    "map_hoang_sa": {"vi": "Quần đảo Hoàng Sa", "en": "Hoàng Sa archipelago"},
    "map_truong_sa": {"vi": "Quần đảo Trường Sa", "en": "Trường Sa archipelago"},
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
    "area": {"vi": "Lĩnh vực PAPI", "en": "PAPI area"},
    "scorecard_summary": {
        "vi": "Theo bảng điểm chi tiết, {province} đạt {points:.2f} điểm; {short}/{n} tiêu chí chưa đạt điểm tối đa "
        "và {zero}/{n} tiêu chí bằng 0; mất {lost:.2f} điểm, nhiều nhất ở lĩnh vực {field} ({field_lost:.2f} điểm).",
        "en": "By the scorecard, {province} scored {points:.2f} points; {short} of {n} criteria fell short of the "
        "maximum and {zero} of {n} scored zero; {lost:.2f} points were lost, most in the field {field} "
        "({field_lost:.2f} points).",
    },
    "fields_summary": {
        "vi": "Theo kết quả từng lĩnh vực, {province} mất tổng cộng {lost:.2f} điểm; nhiều nhất ở lĩnh vực {field} "
        "({field_lost:.2f} trên {maximum:.2f} điểm tối đa).",
        "en": "By the results for each field, {province} lost {lost:.2f} points in all; most in the field {field} "
        "({field_lost:.2f} of a maximum of {maximum:.2f}).",
    },
    "fields_position": {"vi": "Vị trí trong lĩnh vực (1 = cao nhất)", "en": "Position in the field (1 = highest)"},
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
    "regional_median": {"vi": "Trung vị vùng", "en": "Regional median"},
    "trend_title": {
        "vi": "{province}: điểm qua các năm so với trung vị",
        "en": "{province}: scores over the years against the medians",
    },
    "trend_national": {"vi": "Trung vị các tỉnh có số liệu", "en": "Median of provinces with data"},
    "trend_regional": {"vi": "Trung vị các tỉnh cùng vùng có số liệu", "en": "Regional median (provinces with data)"},
    "trend_break_note": {
        "vi": "Đường gạch dọc: năm đầu áp dụng cách tính mới; số liệu trước và sau không so sánh trực tiếp được.",
        "en": "Dashed vertical line: the first year of a new way of scoring; values before and after are not "
        "directly comparable.",
    },
    "year_axis": {"vi": "Năm", "en": "Year"},
    "score_axis": {"vi": "Điểm", "en": "Score"},
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
    "source_plain": {
        "vi": "Nguồn: PAPI (papi.org.vn); PAR INDEX và SIPAS: Bộ Nội vụ, theo cổng thông tin và báo chí.",
        "en": "Sources: PAPI (papi.org.vn); PAR INDEX and SIPAS: Ministry of Home Affairs, as reported by portals "
        "and the press.",
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
        "vi": "Chưa có PAPI {year}; PAR INDEX: {par}; SIPAS: {sipas}",
        "en": "No PAPI {year} yet; PAR INDEX: {par}; SIPAS: {sipas}",
    },
    "headline": {
        "vi": "Toàn quốc — PAPI: {n} tỉnh có điểm, cao nhất {best} ({best_score:.2f}); PAR INDEX: {par}; "
        "SIPAS: {sipas}",
        "en": "Nationally — PAPI: {n} provinces scored, top {best} ({best_score:.2f}); PAR INDEX: {par}; "
        "SIPAS: {sipas}",
    },
    "provinces_count": {"vi": "{n} tỉnh trong dữ liệu", "en": "{n} provinces in the data"},
    "index_from": {"vi": "{index} toàn quốc từ {year}", "en": "{index} nationwide from {year}"},
    # chart words
    "scatter_named": {
        "vi": "Ghi tên: tỉnh trọng tâm và {named} tỉnh xa đường hồi quy nhất trong mỗi khung.",
        "en": "Named: the focus province and, in each panel, the {named} provinces furthest from the line.",
    },
    "scatter_named_each": {
        "vi": "Ghi tên: tỉnh trọng tâm và các tỉnh xa đường hồi quy nhất, số tỉnh theo khung: {counts}.",
        "en": "Named: the focus province and the provinces furthest from the line, by panel: {counts}.",
    },
    "scatter_no_fit": {
        "vi": "Không vẽ đường hồi quy khi dưới {min_n} tỉnh có đủ hai chỉ số ({panels}); khung đó ghi tên mọi tỉnh.",
        "en": "No line where fewer than {min_n} provinces have both indices ({panels}); every province is named there.",
    },
    "scatter_focus_missing": {
        "vi": "{province} không có điểm {index} năm {year} nên không có trên khung tương ứng.",
        "en": "{province} has no {index} score for {year}, so it has no point there.",
    },
    "scatter_focus_missing_undated": {
        "vi": "{province} không có điểm {index} nên không có trên khung tương ứng.",
        "en": "{province} has no {index} score, so it has no point there.",
    },
    "scatter_or": {"vi": " và ", "en": " or "},
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
        "chuẩn (khoảng tin cậy 95%: {low:+.2f} đến {high:+.2f}, {ci_method}; n = {n} tỉnh). {role}",
        "en": "In {years}, provinces one standard deviation higher on {term} were {size:.2f} SD {direction} on "
        "{outcome} (95% CI {low:+.2f} to {high:+.2f}, {ci_method}; n = {n} provinces). {role}",
    },
    "model_sentence_pooled_year_fe": {
        "vi": "Giai đoạn {years}, so với các tỉnh khác trong cùng năm, tỉnh có {term} cao hơn một độ lệch chuẩn thì "
        "{outcome} {direction} {size:.2f} độ lệch chuẩn (khoảng tin cậy 95%: {low:+.2f} đến {high:+.2f}, "
        "{ci_method}; n = {n} quan sát, {provinces} tỉnh). {role}",
        "en": "Over {years}, compared with other provinces in the same year, provinces one SD higher on {term} were "
        "{size:.2f} SD {direction} on {outcome} (95% CI {low:+.2f} to {high:+.2f}, {ci_method}; "
        "n = {n} province-years, {provinces} provinces). {role}",
    },
    "model_sentence_panel_twfe": {
        "vi": "Giai đoạn {years}, trong cùng một tỉnh, một năm {term} tăng một độ lệch chuẩn so với mức thường "
        "thấy của tỉnh đó đi kèm {outcome} {direction} {size:.2f} độ lệch chuẩn (đã loại tác động tỉnh và năm; "
        "khoảng tin cậy 95%: {low:+.2f} đến {high:+.2f}, {ci_method}; n = {n} quan sát, "
        "{provinces} tỉnh). Thay đổi thực tế trong một tỉnh thường nhỏ hơn nhiều so với một độ lệch chuẩn. "
        "{role}",
        "en": "Over {years}, within a province, a year in which {term} was one SD above that province's usual level "
        "went with {outcome} {size:.2f} SD {direction} (province and year effects removed; 95% CI {low:+.2f} "
        "to {high:+.2f}, {ci_method}; n = {n} province-years, {provinces} provinces). Real "
        "changes within a province are usually much smaller than one SD. {role}",
    },
    "model_sentence_lagged": {
        "vi": "Giai đoạn {years}, giữa các tỉnh có cùng {outcome} năm nay, tỉnh có {term} năm nay cao hơn một độ "
        "lệch chuẩn thì {outcome} năm sau {direction} {size:.2f} độ lệch chuẩn (khoảng tin cậy 95%: {low:+.2f} "
        "đến {high:+.2f}, {ci_method}; n = {n} quan sát, {provinces} tỉnh). {role}",
        "en": "Over {years}, among provinces with the same {outcome} this year, those one SD higher on {term} this "
        "year were {size:.2f} SD {direction} on {outcome} the next year (95% CI {low:+.2f} to {high:+.2f}, "
        "{ci_method}; n = {n} province-years, {provinces} provinces). {role}",
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
    # ---------------------------------------------------------------- the leader's pages (analysis.report.province)
    "leader_title": {
        "vi": "{province} năm {year}: kết quả và việc cần làm",
        "en": "{province} {year}: results and where to act",
    },
    "merged_into": {
        "vi": "Từ ngày 1/7/2025, {province} là một phần của tỉnh {new} mới (Nghị quyết 202/2025/QH15); số liệu dưới "
        "đây là của tỉnh {province} trước sáp nhập.",
        "en": "From 1 July 2025 {province} is part of the new {new} province (Resolution 202/2025/QH15); the figures "
        "below are those of {province} before the merger.",
    },
    "headline_move": {
        "vi": "{index} năm {year}: {score} điểm, hạng {rank}/{n}, {move} so với năm {previous}.",
        "en": "{index} {year}: {score}, ranked {rank} of {n}, {move} since {previous}.",
    },
    "headline_papi": {
        "vi": "{index} năm {year}: {score} điểm, hạng {rank}/{n}; {change}.",
        "en": "{index} {year}: {score}, ranked {rank} of {n}; {change}.",
    },
    "headline_none": {
        "vi": "Năm {year}: dữ liệu chưa có thay đổi thứ hạng nào của {province} so với năm trước.",
        "en": "{year}: the data hold no rank change for {province} since the year before.",
    },
    "fell": {"vi": "giảm {k} bậc", "en": "down {k} places"},
    "rose": {"vi": "tăng {k} bậc", "en": "up {k} places"},
    "fell_one": {"vi": "giảm 1 bậc", "en": "down 1 place"},
    "rose_one": {"vi": "tăng 1 bậc", "en": "up 1 place"},
    "largest": {"vi": "lớn nhất", "en": "largest"},
    "kth_largest": {"vi": "lớn thứ {k}", "en": "{k}-largest"},
    "order_reported": {
        "vi": "Đây là mức {way} {ordinal} trong {m} tỉnh có thứ hạng được đưa tin cả hai năm.",
        "en": "It is the {ordinal} {way} among the {m} provinces whose ranks were reported in both years.",
    },
    "order_scored": {
        "vi": "trong {m} tỉnh có điểm cả hai năm, {move} (từ hạng {before} {to} hạng {now})",
        "en": "among the {m} provinces scored in both years, {move} (from {before} {to} {now})",
    },
    "to_down": {"vi": "xuống", "en": "to"},
    "to_up": {"vi": "lên", "en": "to"},
    "way_fall": {"vi": "giảm", "en": "fall"},
    "way_rise": {"vi": "tăng", "en": "rise"},
    "uncertainty_none": {
        "vi": "Khảo sát PAPI năm {before} và {now} không công bố sai số, nên chưa biết thay đổi này có vượt sai số "
        "khảo sát hay không.",
        "en": "PAPI published no survey errors for {before} and {now}, so whether this move exceeds survey error "
        "cannot be said.",
    },
    "uncertainty_within": {
        "vi": "Nằm trong sai số khảo sát: với sai số đã công bố, thứ hạng có thể đã thay đổi từ {low} đến {high} "
        "(mức tin cậy 95%), tức là có thể không thay đổi.",
        "en": "Within survey error: given the published errors the move could be anything from {low} to {high} "
        "(95% level), so the rank may not have changed at all.",
    },
    "uncertainty_beyond": {
        "vi": "Vượt sai số khảo sát: với sai số đã công bố, thứ hạng thay đổi từ {low} đến {high} (mức tin cậy 95%).",
        "en": "Beyond survey error: given the published errors the move lies between {low} and {high} (95% level).",
    },
    "uncertainty_within_partial": {
        "vi": "Nằm trong sai số khảo sát, ngay cả khi chỉ tính sai số năm {year} (năm {other} không công bố sai số): "
        "thứ hạng có thể đã thay đổi từ {low} đến {high}.",
        "en": "Within survey error even counting only {year}'s published error ({other} published none): the move "
        "could be anything from {low} to {high}.",
    },
    "uncertainty_beyond_partial": {
        "vi": "Chỉ tính sai số năm {year} (năm {other} không công bố), thay đổi vượt sai số đó (từ {low} đến {high}); "
        "sai số thực còn lớn hơn.",
        "en": "Counting only {year}'s published error ({other} published none), the move exceeds it ({low} to "
        "{high}); the true uncertainty is larger.",
    },
    "method_changed": {
        "vi": "Phương pháp {index} đổi giữa hai năm, nên so sánh thứ hạng cần thận trọng.",
        "en": "{index}'s method changed between the two years, so compare ranks with care.",
    },
    "quality_derived": {
        "vi": "suy ra từ mức thay đổi được nêu trong nguồn",
        "en": "derived from a change the source states",
    },
    "quality_ambiguous": {"vi": "nguồn không rõ ràng, cần kiểm tra", "en": "the source is unclear: check it"},
    "quality_secondary-partial": {
        "vi": "từ bản tổng hợp thứ cấp, chỉ thấy một phần",
        "en": "from a secondary compilation seen only in part",
    },
    "quality_not-comparable": {
        "vi": "chưa so sánh được (trước khi có khảo sát toàn quốc)",
        "en": "not comparable (before the nationwide survey)",
    },
    "papi_rank_computed": {
        "vi": "PAPI công bố điểm và nhóm, không công bố thứ hạng: thứ hạng PAPI ở đây do bản tin tính trên {n} tỉnh "
        "có điểm; báo chí có thể nêu thứ hạng khác.",
        "en": "PAPI publishes scores and groups, not ranks: the PAPI ranks here are counted by this briefing among the "
        "{n} provinces scored; the press may quote other ranks.",
    },
    "among_both": {"vi": "trong {m} tỉnh", "en": "among {m}"},
    "glance_change": {"vi": "So với năm {previous}", "en": "Since {previous}"},
    "no_value": {"vi": "chưa có", "en": "not available"},
    "papi_range_sentence": {
        "vi": "PAPI là một cuộc khảo sát nên có sai số: với sai số đã công bố, hạng {rank}/{n} của {province} năm "
        "{year} có thể là bất kỳ hạng nào từ {low} đến {high} (mức tin cậy 95%).",
        "en": "PAPI is a survey and carries error: given the published errors, {province}'s rank of {rank} of {n} "
        "in {year} could be anywhere from {low} to {high} (95% level).",
    },
    "par_lost_title": {"vi": "PAR INDEX: điểm bị mất ở đâu", "en": "PAR INDEX: where the points were lost"},
    "criteria_counts": {
        "vi": "Theo {source}, năm {year} {province} có {below}/{total} tiêu chí không đạt điểm tối đa, trong đó {zero} "
        "tiêu chí không có điểm:",
        "en": "According to {source}, in {year} {province} fell short of the maximum on {below} of {total} criteria, "
        "{zero} of them with no points at all:",
    },
    "criteria_points_unknown": {
        "vi": "Nguồn không cho biết mỗi tiêu chí mất bao nhiêu điểm; bảng điểm chi tiết theo tiêu chí trong kết quả "
        "Chỉ số CCHC năm {year} của Bộ Nội vụ sẽ trả lời.",
        "en": "The source does not say how many points each criterion lost; the Ministry of Home Affairs' "
        "criterion-by-criterion results for PAR INDEX {year} would.",
    },
    "criteria_none": {
        "vi": "Dữ liệu chưa có điểm theo lĩnh vực hay tiêu chí của {province} năm {year}; bảng điểm chi tiết theo tiêu "
        "chí trong kết quả Chỉ số CCHC năm {year} của Bộ Nội vụ sẽ cho biết điểm bị mất ở đâu.",
        "en": "The data hold no field or criterion scores for {province} in {year}; the Ministry of Home Affairs' "
        "criterion-by-criterion results for PAR INDEX {year} would show where the points were lost.",
    },
    "howto_scorecard": {
        "vi": "Cách đưa bảng điểm chi tiết vào bản tin",
        "en": "How to add the detailed scorecard to the briefing",
    },
    "scorecard_agencies": {"vi": "Điểm bị mất theo cơ quan chủ trì", "en": "Points lost by lead agency"},
    "scorecard_agency": {"vi": "Cơ quan chủ trì", "en": "Lead agency"},
    "agency_unassigned": {"vi": "chưa phân công", "en": "not assigned"},
    "papi_low_title": {
        "vi": "PAPI: lĩnh vực người dân đánh giá {province} thấp nhất so với các tỉnh",
        "en": "PAPI: where citizens rate {province} lowest against other provinces",
    },
    "papi_area": {"vi": "Lĩnh vực", "en": "Area"},
    "papi_better": {"vi": "Cao là tốt?", "en": "Higher is better?"},
    "papi_position": {"vi": "Vị trí (1 = tốt nhất)", "en": "Position (1 = best)"},
    "papi_stands_out": {"vi": "Thấp bất thường?", "en": "Beyond chance?"},
    "yes": {"vi": "có", "en": "yes"},
    "no": {"vi": "không", "en": "no"},
    "yes_survey": {"vi": "có, vượt sai số khảo sát", "en": "yes, beyond survey error"},
    "no_survey": {"vi": "không, trong sai số khảo sát", "en": "no, within survey error"},
    "priorities_none": {
        "vi": "Các vị trí thấp này chưa phải là bất thường: khi xét {areas} lĩnh vực, tỉnh nào cũng có vài lĩnh vực "
        "xếp gần cuối như vậy, nên PAPI năm {year} không chỉ ra một ưu tiên rõ rệt cho {province}; các lĩnh vực "
        "trên vẫn là nơi nên xem xét trước.",
        "en": "These low positions are not unusual: among {areas} areas every province has a few this near the "
        "bottom, so PAPI {year} points to no single clear priority for {province}; the areas above are still the "
        "first ones to look at.",
    },
    "priorities_some": {
        "vi": "Thấp bất thường (vượt mức mà việc chọn ra lĩnh vực thấp nhất trong {areas} lĩnh vực tự tạo ra): "
        "{names}.",
        "en": "Beyond chance (lower than picking the lowest of {areas} areas gives by itself): {names}.",
    },
    "priorities_empty": {
        "vi": "Chưa có điểm PAPI theo lĩnh vực của {province} năm {year}.",
        "en": "There are no PAPI area scores for {province} in {year}.",
    },
    "links_plain_title": {"vi": "Các chỉ số có liên quan với nhau không?", "en": "Do the indices move together?"},
    "link_holds": {
        "vi": "Các tỉnh có {x} cao hơn thường có {y} {direction} ({years}, {n} tỉnh-năm).",
        "en": "Provinces higher on {x} tend to be {direction} on {y} ({years}, {n} province-years).",
    },
    "link_holds_selection": {
        "vi": "Trong số liệu được đưa tin, các tỉnh có {x} cao hơn thường có {y} {direction} ({years}, {n} "
        "tỉnh-năm); nhưng khi tính đến việc báo chí chủ yếu đưa tin các tỉnh đứng đầu và cuối bảng, liên hệ này "
        "không còn chắc chắn.",
        "en": "In the reported figures, provinces higher on {x} tend to be {direction} on {y} ({years}, {n} "
        "province-years); but allowing for the press reporting mostly the top and bottom of the table, the link "
        "is no longer certain.",
    },
    "link_holds_selection_ok": {
        "vi": "Các tỉnh có {x} cao hơn thường có {y} {direction} ({years}, {n} tỉnh-năm), kể cả khi tính đến việc "
        "báo chí chủ yếu đưa tin các tỉnh đứng đầu và cuối bảng.",
        "en": "Provinces higher on {x} tend to be {direction} on {y} ({years}, {n} province-years), also when "
        "allowing for the press reporting mostly the top and bottom of the table.",
    },
    "link_none": {
        "vi": "Chưa thấy liên hệ rõ ràng giữa {x} và {y} ({years}, {n} tỉnh-năm).",
        "en": "No clear link between {x} and {y} ({years}, {n} province-years).",
    },
    "link_overlap": {
        "vi": "Một phần là cơ học: {y} chứa {x} (khoảng {points} trên 100 điểm), riêng phần trùng đó đã tạo ra mức "
        "liên hệ khoảng {overlap} trong {r} đo được (trên thang từ 0 đến 1).",
        "en": "Part of it is mechanical: {y} contains {x} (about {points} of its 100 points), and that overlap "
        "alone produces a link of about {overlap} of the {r} measured (on a 0-to-1 scale).",
    },
    "higher": {"vi": "cao hơn", "en": "higher"},
    "lower": {"vi": "thấp hơn", "en": "lower"},
    "papi_named": {"vi": "PAPI – {name}", "en": "PAPI – {name}"},
    "par_named": {"vi": "PAR INDEX – {name}", "en": "PAR INDEX – {name}"},
    "unknown_title": {
        "vi": "Chưa rõ điều gì, và nguồn nào sẽ cho biết",
        "en": "Not known yet, and which table would answer",
    },
    "unknown_par_fields": {
        "vi": "Điểm từng lĩnh vực PAR INDEX {year} của {province}: kết quả chi tiết Chỉ số CCHC {year} của Bộ Nội vụ.",
        "en": "{province}'s PAR INDEX {year} score by field: the Ministry of Home Affairs' detailed PAR INDEX {year} "
        "results.",
    },
    "unknown_sipas_parts": {
        "vi": "Mức hài lòng SIPAS {year} của {province} theo từng yếu tố: báo cáo SIPAS {year} của Bộ Nội vụ.",
        "en": "{province}'s SIPAS {year} satisfaction by element: the Ministry of Home Affairs' SIPAS {year} report.",
    },
    "unknown_value": {
        "vi": "{index} {year} của {province}: chưa có trong các nguồn đã thu thập; kết quả công bố của Bộ Nội vụ sẽ "
        "trả lời.",
        "en": "{province}'s {index} {year}: not in the sources collected; the Ministry of Home Affairs' published "
        "results would answer.",
    },
    "unknown_papi_errors": {
        "vi": "Sai số khảo sát PAPI {year}: bảng chính thức không công bố; cần có để biết thay đổi thứ hạng có thực "
        "hay không.",
        "en": "PAPI {year} survey errors: not in the official sheets; needed to tell a real rank change from noise.",
    },
    "peers_plain_title": {
        "vi": "Các tỉnh cùng vùng {region}, năm {year}",
        "en": "Provinces of {region}, {year}",
    },
    "annex_title": {"vi": "Phụ lục kỹ thuật", "en": "Technical annex"},
    "annex_intro": {
        "vi": "Phần dành cho người phân tích: số liệu toàn quốc, phương pháp, kiểm tra độ vững và nguồn. Các thuật "
        "ngữ được giải thích ở mục D.",
        "en": "For analysts: the national figures, the method, robustness checks and sources. Terms are explained "
        "in section D.",
    },
    "role_robustness": {
        "vi": "Đây là một ước lượng khác của câu hỏi đã khai báo (kiểm tra độ vững), không có kết luận riêng.",
        "en": "Another estimate of a planned question (robustness), with no verdict of its own.",
    },
    "role_exploratory": {
        "vi": "Thăm dò: không thuộc kế hoạch phân tích, không có kết luận.",
        "en": "Exploratory: not in the analysis plan, no verdict.",
    },
    "selection_join_not": {
        "vi": "Khi tính lại với trọng số theo nhóm thứ hạng mà báo chí đưa tin (n = {n}), ρ = {r:.2f} (khoảng tin cậy "
        "95%: {low:.2f} đến {high:.2f}) và khoảng này chứa 0: kết luận trên không đứng vững trước việc chọn tỉnh để "
        "đưa tin.",
        "en": "Reweighted for the rank bands the press reports (n = {n}), ρ = {r:.2f} (95% CI {low:.2f} to "
        "{high:.2f}), an interval that includes zero: the verdict does not survive the check for which provinces "
        "the press reports.",
    },
    "selection_join_ok": {
        "vi": "Khi tính lại với trọng số theo nhóm thứ hạng mà báo chí đưa tin (n = {n}), ρ = {r:.2f} (khoảng tin cậy "
        "95%: {low:.2f} đến {high:.2f}): kết luận đứng vững trước việc chọn tỉnh để đưa tin.",
        "en": "Reweighted for the rank bands the press reports (n = {n}), ρ = {r:.2f} (95% CI {low:.2f} to "
        "{high:.2f}): the verdict survives the check for which provinces the press reports.",
    },
    "selection_join_none": {
        "vi": "Không đủ năm có đủ mọi nhóm thứ hạng được đưa tin để tính lại có trọng số: chưa kiểm tra được ảnh hưởng "
        "của việc chọn tỉnh để đưa tin.",
        "en": "Too few years with every rank band reported to reweight: the check for which provinces the press "
        "reports cannot be made.",
    },
    "overlap_size": {
        "vi": "Riêng phần trùng đó đã tạo ra tương quan khoảng {overlap:.2f}.",
        "en": "The overlap alone would produce a correlation of about {overlap:.2f}.",
    },
    "evidence_intro": {
        "vi": "Kế hoạch phân tích cố định {questions} câu hỏi trước khi xem kết quả, mỗi câu hỏi một ước lượng chính "
        "(tương quan thứ hạng Spearman) với kết luận theo quy tắc đã định; chỉ ước lượng khi có ít nhất {min_n} cặp "
        "số liệu. Mọi ước lượng khác của cùng câu hỏi là kiểm tra độ vững, không có kết luận riêng.",
        "en": "The analysis plan fixes {questions} questions before results are read, one primary estimate each "
        "(Spearman rank correlation) with a verdict by a declared rule; an estimate needs at least {min_n} pairs. "
        "Every other estimate of a question is a robustness check with no verdict of its own.",
    },
    "question": {"vi": "Câu hỏi", "en": "Question"},
    "scope": {"vi": "Phạm vi", "en": "Scope"},
    "scope_pooled": {"vi": "gộp các năm", "en": "pooled years"},
    "rho": {"vi": "Tương quan thứ hạng (ρ)", "en": "Rank correlation (ρ)"},
    "ci95": {"vi": "Khoảng tin cậy 95%", "en": "95% confidence interval"},
    "p_adjusted": {"vi": "p đã hiệu chỉnh", "en": "Adjusted p"},
    "verdict": {"vi": "Kết luận", "en": "Verdict"},
    "verdict_short_holds": {"vi": "có liên hệ", "en": "holds"},
    "verdict_short_excludes_zero_not_corrected": {
        "vi": "chưa đủ sau hiệu chỉnh",
        "en": "not after correction",
    },
    "verdict_short_not_distinguishable": {"vi": "chưa thấy liên hệ", "en": "not distinguishable"},
    "verdict_short_not_estimable": {"vi": "không ước lượng được", "en": "not estimable"},
    "selection_n_note": {
        "vi": "Chỉ các dòng có thứ hạng được đưa tin mới tính được trọng số, nên n ở đây nhỏ hơn n của ước lượng chính "
        "(gồm cả tỉnh chỉ có điểm); ước lượng có trọng số bỏ các năm có nhóm thứ hạng không tỉnh nào được đưa tin "
        "(cột cuối), vì trọng số không thể thay cho nhóm trống.",
        "en": "Only rows with a reported rank can be weighted, so n here is smaller than the primary estimate's (which "
        "also counts provinces reported with a score only); the weighted estimate leaves out every year with a rank "
        "band nobody reported (last column), since weights cannot stand in for an empty band.",
    },
    "measurement_title": {
        "vi": "Tính đến sai số khảo sát của PAPI (kiểm tra độ vững, các năm có sai số công bố)",
        "en": "PAPI's survey error allowed for (robustness, the years with published errors)",
    },
    "measurement_note": {
        "vi": "Điểm PAPI là ước lượng từ khảo sát; sai số làm lệch hệ số của biến đứng bên phải mô hình. Cột 'đã hiệu "
        "chỉnh' dùng ước lượng sai số trong biến (phương pháp mô-men, Fuller 1987) với sai số chuẩn đã công bố; độ "
        "tin cậy = tỷ lệ phương sai không phải do sai số.",
        "en": "PAPI scores are survey estimates; their error biases the coefficients of right-hand variables. The "
        "corrected column is the method-of-moments errors-in-variables estimate (Fuller 1987) with the published "
        "standard errors; reliability = the share of variance that is not error.",
    },
    "regressions_title": {
        "vi": "Các ước lượng khác của cùng câu hỏi: hồi quy (kiểm tra độ vững, không có kết luận riêng)",
        "en": "Other estimates of the same questions: regressions (robustness, no verdict of their own)",
    },
    "model": {"vi": "Mô hình", "en": "Model"},
    "years_used": {"vi": "Các năm", "en": "Years"},
    "years_left_out": {"vi": "Năm bị bỏ (nhóm thứ hạng trống)", "en": "Years left out (empty rank bands)"},
    "reliability": {"vi": "Độ tin cậy", "en": "Reliability"},
    "ordinary": {"vi": "Thông thường", "en": "Ordinary"},
    "corrected": {"vi": "Đã hiệu chỉnh", "en": "Corrected"},
    "coefficient": {"vi": "Hệ số (độ lệch chuẩn)", "en": "Coefficient (SD)"},
    "kind_cross_section": {"vi": "{outcome} theo {term}, một năm", "en": "{outcome} on {term}, one year"},
    "kind_pooled_year_fe": {
        "vi": "{outcome} theo {term}, gộp năm, tác động năm",
        "en": "{outcome} on {term}, pooled, year effects",
    },
    "kind_panel_twfe": {
        "vi": "{outcome} theo {term}, tác động tỉnh và năm",
        "en": "{outcome} on {term}, province and year effects",
    },
    "kind_lagged": {
        "vi": "{outcome} năm sau theo {term} năm nay",
        "en": "next year's {outcome} on this year's {term}",
    },
    "terms_title": {"vi": "Thuật ngữ", "en": "Terms"},
    "term": {"vi": "Thuật ngữ", "en": "Term"},
    "meaning": {"vi": "Nghĩa", "en": "Meaning"},
    "term_ci": {"vi": "Khoảng tin cậy 95%", "en": "95% confidence interval"},
    "means_ci": {
        "vi": "Khoảng giá trị mà phương pháp, nếu lặp lại nhiều lần, sẽ chứa giá trị thật 95 trên 100 lần.",
        "en": "The range that the method, repeated many times, would contain the true value in 95 of 100 times.",
    },
    "term_rho": {"vi": "Tương quan thứ hạng (ρ)", "en": "Rank correlation (ρ)"},
    "means_rho": {
        "vi": "Mức độ hai chỉ số xếp các tỉnh theo cùng thứ tự, từ −1 (ngược hẳn) qua 0 (không liên quan) đến 1 (giống "
        "hệt).",
        "en": "How far two indices put the provinces in the same order, from −1 (reversed) through 0 (unrelated) to "
        "1 (identical).",
    },
    "term_p": {"vi": "p đã hiệu chỉnh", "en": "Adjusted p"},
    "means_p": {
        "vi": "Xác suất thấy liên hệ mạnh như vậy khi thực ra không có, đã tính đến việc kiểm định nhiều câu hỏi cùng "
        "lúc (Benjamini–Hochberg); dưới 0,05 thì kết luận là có liên hệ.",
        "en": "How likely a link this strong would be if there were none, allowing for testing several questions at "
        "once (Benjamini–Hochberg); below 0.05 the verdict is that the link holds.",
    },
    "term_median": {"vi": "Trung vị", "en": "Median"},
    "means_median": {
        "vi": "Giá trị ở giữa: một nửa số tỉnh cao hơn, một nửa thấp hơn.",
        "en": "The middle value: half the provinces are above it, half below.",
    },
    "term_survey_error": {"vi": "Sai số khảo sát", "en": "Survey error"},
    "means_survey_error": {
        "vi": "PAPI hỏi một mẫu người dân, nên điểm của mỗi tỉnh có sai số; PAPI công bố sai số chuẩn cho tổng điểm "
        "các năm 2019, 2022, 2023 (và cho từng nội dung năm 2019). Thay đổi thứ hạng được mô phỏng lại với các sai "
        "số đó.",
        "en": "PAPI asks a sample of citizens, so each province's score carries error; PAPI publishes standard "
        "errors for the total in 2019, 2022 and 2023 (and for each dimension in 2019). Rank changes are simulated "
        "again with those errors.",
    },
    "term_chance": {"vi": "Thấp bất thường", "en": "Beyond chance"},
    "means_chance": {
        "vi": "Chọn ra vài lĩnh vực thấp nhất trong hàng chục lĩnh vực thì tỉnh nào cũng có lĩnh vực thấp; một "
        "lĩnh vực chỉ được coi là thấp bất thường khi thấp hơn mức mà việc chọn đó tự tạo ra (so với hồ sơ rút "
        "ngẫu nhiên từ mọi tỉnh), hoặc thấp hơn sai số khảo sát khi sai số được công bố.",
        "en": "Picking the lowest few of dozens of areas gives every province low areas; an area counts as beyond "
        "chance only when it is lower than that picking gives by itself (against profiles drawn at random from all "
        "provinces), or lower than the survey error where one is published.",
    },
    "term_selection": {"vi": "Kiểm tra chọn mẫu", "en": "Selection check"},
    "means_selection": {
        "vi": "Số liệu PAR INDEX và SIPAS đến từ các tỉnh được báo chí đưa tin, nhiều ở đầu và cuối bảng; tính lại "
        "với trọng số theo nhóm thứ hạng cho biết kết luận có phụ thuộc vào việc chọn đó hay không.",
        "en": "PAR INDEX and SIPAS figures come from the provinces the press reported, mostly at the top and bottom; "
        "reweighting by rank band shows whether a verdict depends on that selection.",
    },
    "term_reliability": {"vi": "Độ tin cậy (của điểm PAPI)", "en": "Reliability (of PAPI scores)"},
    "means_reliability": {
        "vi": "Tỷ lệ khác biệt giữa các tỉnh là thật chứ không do sai số khảo sát (khoảng 0,83–0,87 với tổng điểm).",
        "en": "The share of the differences between provinces that is real rather than survey error (about "
        "0.83–0.87 for the total).",
    },
    "term_plan": {"vi": "Kế hoạch phân tích", "en": "Analysis plan"},
    "means_plan": {
        "vi": "Các câu hỏi, phương pháp và quy tắc kết luận được ghi trong tệp cấu hình từ ngày 26/11/2026, sau khi "
        "một lần kiểm tra đã xem kết quả; các bổ sung sau đó được ghi ngày trong nhật ký thay đổi của tệp.",
        "en": "The questions, methods and verdict rules written in a configuration file since 26 November 2026, after "
        "an audit had seen results; later additions are dated in the file's changelog.",
    },
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
        digits = re.search(r"\.(\d+)[fe%]?$", format_spec) if isinstance(value, float) else None
        if digits and isinstance(value, float) and round(value, int(digits.group(1))) == 0:
            value = 0.0  # -0.001 rounded to two decimals prints as 0.00, never -0.00
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
