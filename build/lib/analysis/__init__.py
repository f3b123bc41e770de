"""Analysis of Vietnam's provincial governance indices: PAPI, PAR INDEX and SIPAS.

from analysis import load_panel, load_wide
df = load_panel()      # tidy: one row per year x province x index x indicator
"""

from analysis.data.store import load_panel, load_wide

__all__ = ["load_panel", "load_wide"]
