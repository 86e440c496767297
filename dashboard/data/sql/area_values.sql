-- One row per indicator × period of one area and period type, with the catalogue's texts.
with build as (
    -- the build's thresholds and peildatum ride along, so a row can say what it shows
    select min_telling, min_noemer, min_koppels, peildatum from build_info
),

catalogue as (
    select indicator_id, titel, eenheid, decimalen, volgorde, polariteit, methode
    from indicator_catalogue
),

-- the benchmark's age-sex standardised value, for views that compare corrected rates
benchmark_std as (
    select indicator_id, period, area_code as benchmark_code, std_value as benchmark_std_value
    from indicator_values
    where std_value is not null
),

final as (
    select v.*, bs.benchmark_std_value,
           c.titel, c.eenheid, c.decimalen, c.volgorde, c.polariteit, c.methode,
           b.min_telling, b.min_noemer, b.min_koppels, b.peildatum
    from indicator_values as v
    inner join catalogue as c using (indicator_id)
    left join benchmark_std as bs using (indicator_id, period, benchmark_code)
    cross join build as b
    where v.area_code = $area_code
      and v.period_type = $period_type
)

select * from final order by volgorde, period_start
