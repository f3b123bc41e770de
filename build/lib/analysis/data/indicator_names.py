"""Names of the indicators the source files do not spell out themselves: data about the indicators, written into
the panel's indicator_name_vi / indicator_name_en columns (the report's own words are in analysis.core.text)."""

# Index totals: (Vietnamese, English).
TOTAL_NAMES = {
    "papi": ("Chỉ số PAPI tổng hợp (không trọng số)", "PAPI total (unweighted)"),
    "par_index": ("Chỉ số cải cách hành chính (PAR INDEX)", "Public Administration Reform Index (PAR INDEX)"),
    "sipas": (
        "Chỉ số hài lòng của người dân, tổ chức (SIPAS)",
        "Satisfaction with public administrative services (SIPAS)",
    ),
}
# MoHA's eight assessment fields and survey parts (codes as in par_index/SOURCES.md); English is our translation.
PAR_COMPONENTS_EN = {
    "C1": "Direction and management of PAR",
    "C2": "Legal documents / institutional reform",
    "C3": "Administrative procedure reform",
    "C4": "Reform of the administrative apparatus",
    "C5": "Civil service and civil servants",
    "C6": "Public finance reform",
    "C7": "Modernisation / e-government",
    "C8": "Impact of PAR on people, organisations and socio-economic development",
    "APPRAISAL": "MoHA appraisal score",
    "IMPACT_TOTAL": "Survey-based (impact) score",
    "C8_SIPAS": "Impact: citizen satisfaction (SIPAS)",
    "C8_LEADERS": "Impact: survey of leaders and managers",
    "C8_KTXH": "Impact on socio-economic development",
    "SCORE_MOHA": "MoHA appraisal score",
    "SCORE_SURVEY": "Sociological survey score",
}
