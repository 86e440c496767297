-- One row per indicator × period of one area and period type, with the catalogue's texts.
with catalogue as (
    select indicator_id, titel, eenheid, decimalen, volgorde, methode
    from indicator_catalogue
),

final as (
    select v.*, c.titel, c.eenheid, c.decimalen, c.volgorde, c.methode
    from indicator_values as v
    inner join catalogue as c using (indicator_id)
    where v.area_code = $area_code
      and v.period_type = $period_type
)

select * from final order by volgorde, period_start
