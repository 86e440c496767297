-- One row per leeftijdsklasse × geslacht: inhabitants of one area on 1 January of one year
-- (the population pyramid), empty for a database without the table.
select leeftijdsklasse, geslacht, cast(inwoners as bigint) as inwoners, suppressed
from bevolking_geslacht
where area_code = $area_code
  and jaar = $jaar
order by leeftijdsklasse, geslacht
