-- One row per wijk: its code, its own name and the name of its gemeente.
select w.area_code, w.area_name as wijk_naam, g.area_name as gemeente_naam
from areas as w
inner join areas as g on g.area_code = w.gemeente_code and g.area_level = 'gemeente'
where w.area_level = 'wijk'
