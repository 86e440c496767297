-- One row per area of $area_level inside the scope ($scope null = the whole regio) × indicator
-- ($indicator_id null = every indicator), for one period, with the catalogue's texts.
with build as (
    -- the build's thresholds and peildatum ride along, so a row can say what it shows
    select min_telling, min_noemer, min_koppels, peildatum from build_info
),

catalogue as (
    select indicator_id, titel, eenheid, decimalen, volgorde, polariteit, methode
    from indicator_catalogue
),

scoped_areas as (
    select area_code
    from areas
    where area_level = $area_level
      and ($scope::varchar is null or $scope in (area_code, gemeente_code, resv_code))
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
    inner join scoped_areas as a using (area_code)
    inner join catalogue as c using (indicator_id)
    left join benchmark_std as bs using (indicator_id, period, benchmark_code)
    cross join build as b
    where v.area_level = $area_level
      and v.period = $period
      and ($indicator_id::varchar is null or v.indicator_id = $indicator_id)
)

select * from final order by area_name, area_code, volgorde
