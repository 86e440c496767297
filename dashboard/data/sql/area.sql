-- One row for the area $area_code (none when it is unknown).
select area_level, area_code, area_name, parent_code, gemeente_code, resv_code
from areas
where area_code = $area_code
