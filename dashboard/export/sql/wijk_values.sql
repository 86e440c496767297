-- One row per wijk inside the scope ($scope null = the whole regio) × indicator for one period,
-- with the catalogue's texts.
with catalogue as (
    select indicator_id, titel, eenheid, decimalen, volgorde, methode
    from indicator_catalogue
),

scoped_wijken as (
    select area_code
    from areas
    where area_level = 'wijk'
      and ($scope::varchar is null or $scope in (gemeente_code, resv_code))
),

final as (
    select v.*, c.titel, c.eenheid, c.decimalen, c.volgorde, c.methode
    from indicator_values as v
    inner join scoped_wijken as w using (area_code)
    inner join catalogue as c using (indicator_id)
    where v.area_level = 'wijk'
      and v.period = $period
)

select * from final order by volgorde, area_name, area_code
