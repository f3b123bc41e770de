"""The provinces' boundaries for the maps, read from the reference GeoJSON (Open Development Mekong / Department of
Survey and Mapping, CC BY-SA 4.0) and simplified once in the data step, so a briefing never reads data/raw.

Both schemes keep every part of a province's geometry, the Hoàng Sa (Paracel) and Trường Sa (Spratly) islands
included. Boundaries are simplified to 0.01° (about 1 km, a tenth of a millimetre on the printed map) and written
as GeoParquet, which keeps the coordinates exactly as computed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis.core.errors import DataError
from analysis.data.store import built

TOLERANCE = 0.01  # degrees of boundary detail kept on the maps
SOURCES = {
    63: ("reference/vn_provinces_63.geojson", "gso_code"),
    34: ("reference/vn_provinces_34_2025.geojson", "new_code"),
}


def boundaries_name(scheme: int) -> str:
    return f"boundaries_{scheme}.parquet"


def simplified_boundaries(raw_dir: Path, scheme: int, codes: list[str]) -> Any:
    """A GeoDataFrame (gso_code, geometry) of the scheme's provinces, simplified; every province in `codes` must
    have a shape, and no shape may name a province outside them."""
    import geopandas as gpd

    rel, code_column = SOURCES[scheme]
    shapes = gpd.read_file(Path(raw_dir) / rel)
    if code_column not in shapes:
        raise DataError(rel, f"has no '{code_column}' property naming each province's code")
    shapes = shapes.rename(columns={code_column: "gso_code"})[["gso_code", "geometry"]]
    if missing := sorted(set(codes) - set(shapes["gso_code"])):
        raise DataError(rel, "has no boundary for these provinces", column=code_column, value="|".join(missing))
    if unknown := sorted(set(shapes["gso_code"]) - set(codes)):
        raise DataError(rel, "has boundaries for unknown province codes", column=code_column, value="|".join(unknown))
    return shapes.assign(geometry=shapes.geometry.simplify(TOLERANCE, preserve_topology=True))


def load_boundaries(processed_dir: Path, scheme: int) -> Any:
    import geopandas as gpd

    return gpd.read_parquet(built(Path(processed_dir) / boundaries_name(scheme)))
