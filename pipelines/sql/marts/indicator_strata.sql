-- One row per standardised indicator × wijk × period × leeftijdsklasse × geslacht with at least
-- one event: the teller of indicator_counts split over the 75+ age-sex strata, for the
-- directly standardised rates (pipelines/stats.py). Summed over the strata it equals the
-- teller of indicator_counts. A distinct client counts in the stratum of their first event
-- (zorgtraject_clienten: first trajectory) of the period in that wijk. Never published.
with standardised as (
    select indicator_id from indicator_definitions where gestandaardiseerd
),

peildatum as (
    select peildatum from build_parameters
),

period_list as (
    select * from int_periods
),

events as (
    select events.*
    from int_indicator_events as events, peildatum
    where events.datum <= peildatum.peildatum
        and events.indicator_id in (select indicator_id from standardised)
),

trajectories as (
    select * from int_zorgtrajecten
    where is_75plus and 'zorgtraject_clienten' in (select indicator_id from standardised)
),

summed_per_quarter as (
    select
        indicator_id,
        wijk_code,
        year(datum) as jaar,
        quarter(datum) as kwartaal,
        leeftijdsklasse,
        geslacht,
        sum(teller) as teller
    from events
    where client_id is null
    group by all
),

summed as (
    select
        indicator_id, wijk_code,
        cast(jaar as varchar) || '-Q' || cast(kwartaal as varchar) as period,
        leeftijdsklasse, geslacht, teller
    from summed_per_quarter
    union all
    select
        indicator_id, wijk_code, cast(jaar as varchar) as period,
        leeftijdsklasse, geslacht, sum(teller) as teller
    from summed_per_quarter
    group by all
),

-- One stratum per client, wijk and period: that of the client's first event there.
client_quarters as (
    select
        indicator_id,
        wijk_code,
        client_id,
        year(datum) as jaar,
        quarter(datum) as kwartaal,
        arg_min(leeftijdsklasse || '|' || geslacht, datum) as stratum,
        min(datum) as first_datum
    from events
    where client_id is not null
    group by all
),

client_periods as (
    select
        indicator_id, wijk_code, client_id,
        cast(jaar as varchar) || '-Q' || cast(kwartaal as varchar) as period, stratum
    from client_quarters
    union all
    select
        indicator_id, wijk_code, client_id, cast(jaar as varchar) as period,
        arg_min(stratum, first_datum) as stratum
    from client_quarters
    group by indicator_id, wijk_code, client_id, jaar
),

trajectory_clients as (
    select
        'zorgtraject_clienten' as indicator_id,
        trajectories.wijk_code,
        trajectories.client_id,
        period_list.period,
        arg_min(
            trajectories.leeftijdsklasse || '|' || trajectories.geslacht, trajectories.startdatum
        ) as stratum
    from trajectories
    inner join period_list
        on trajectories.startdatum <= period_list.data_end
        and trajectories.einddatum >= period_list.period_start
    group by all
),

clients as (
    select
        indicator_id,
        wijk_code,
        period,
        split_part(stratum, '|', 1) as leeftijdsklasse,
        split_part(stratum, '|', 2) as geslacht,
        cast(count(*) as double) as teller
    from (
        select * from client_periods
        union all
        select * from trajectory_clients
    )
    group by all
),

final as (
    select indicator_id, wijk_code, period, leeftijdsklasse, geslacht,
        cast(teller as double) as teller
    from summed
    union all
    select * from clients
)

select * from final
