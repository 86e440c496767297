-- One row per leeftijdsklasse: inhabitants of one area on 1 January of one year.
select leeftijdsklasse, cast(inwoners as bigint) as inwoners, suppressed
from bevolking
where area_code = $area_code
  and jaar = $jaar
order by leeftijdsklasse
