-- One row per wijk with a delivered boundary: GeoJSON geometry text, exterior rings clockwise.
create or replace table geometry_wijk (
    wijk_code varchar,
    geometry varchar
)
