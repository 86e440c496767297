-- One row per area (regio, resv, gemeente, wijk), without geometry.
select area_level, area_code, area_name, parent_code, gemeente_code, resv_code
from areas
order by area_level, area_name, area_code
