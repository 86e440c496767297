-- One row per indicator × area × period of one period type, for the chosen indicators and areas.
with build as (
    -- the build's thresholds and peildatum ride along, so a row can say what it shows
    select min_telling, min_noemer, min_koppels, peildatum from build_info
),

catalogue as (
    select indicator_id, titel, eenheid, decimalen, volgorde, polariteit, methode
    from indicator_catalogue
),

final as (
    select v.*, c.titel, c.eenheid, c.decimalen, c.volgorde, c.polariteit, c.methode,
           b.min_telling, b.min_noemer, b.min_koppels, b.peildatum
    from indicator_values as v
    inner join catalogue as c using (indicator_id)
    cross join build as b
    where v.indicator_id in (select unnest($indicator_ids))
      and v.area_code in (select unnest($area_codes))
      and v.period_type = $period_type
)

select * from final order by volgorde, area_code, period_start
