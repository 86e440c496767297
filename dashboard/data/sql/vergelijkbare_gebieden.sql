-- One row per similar area of $area_code (same level, whole database), most similar first,
-- with the characteristics it was compared on (pipelines/similar_areas.py).
select rank, similar_code, kenmerken
from vergelijkbare_gebieden
where area_code = $area_code
order by rank
