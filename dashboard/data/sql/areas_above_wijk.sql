-- One row per regio, RESV and gemeente: the areas a whole-area export is usually made for.
select area_level, area_code, area_name
from areas
where area_level <> 'wijk'
order by case area_level when 'regio' then 0 when 'resv' then 1 else 2 end, area_code
