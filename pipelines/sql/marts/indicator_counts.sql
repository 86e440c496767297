-- One row per indicator × wijk × period of the indicator's period types, zeros included: the
-- teller, noemer and disclosure count (persons or events the row reveals) of each
-- indicator. Rates have noemer = inhabitants 75+ on 1 January of the period's year (not
-- annualised); so_directe_tijd has teller = hours and disclosure_count = contacts;
-- wachttijd_opname has teller NULL (its median comes from wachttijd_verdeling).
with indicator_list as (
    select indicator_id, methode, kwartalen from indicator_definitions
),

period_list as (
    select * from int_periods
),

peildatum as (
    select peildatum from build_parameters
),

wijk_list as (
    select wijk_code from int_wijk_hierarchy
),

population as (
    select * from int_bevolking_75plus
),

events as (
    select events.*
    from int_indicator_events as events, peildatum
    where events.datum <= peildatum.peildatum
),

trajectories as (
    select * from int_zorgtrajecten where is_75plus
),

praktijken as (
    select * from stg_praktijken
),

koppels as (
    select * from stg_koppels
),

scaffold as (
    select
        indicator_list.indicator_id,
        indicator_list.methode,
        wijk_list.wijk_code,
        period_list.period,
        period_list.period_type,
        period_list.jaar
    from indicator_list
    cross join period_list
    cross join wijk_list
    where period_list.period_type = 'jaar' or indicator_list.kwartalen
),

-- Summed events: aggregate per quarter first, then roll quarters up into years. Grouping on
-- integer year and quarter, and writing the period text only for the groups, is several times
-- faster than building the text for every one of millions of events.
summed_per_quarter_number as (
    select
        indicator_id,
        wijk_code,
        year(datum) as jaar,
        quarter(datum) as kwartaal,
        sum(teller) as teller,
        sum(noemer) as noemer,
        sum(telling) as disclosure_count
    from events
    where client_id is null
    group by all
),

summed_per_quarter as (
    select
        indicator_id,
        wijk_code,
        jaar,
        cast(jaar as varchar) || '-Q' || cast(kwartaal as varchar) as period,
        teller,
        noemer,
        disclosure_count
    from summed_per_quarter_number
),

summed_per_year as (
    select
        indicator_id,
        wijk_code,
        jaar,
        cast(jaar as varchar) as period,
        sum(teller) as teller,
        sum(noemer) as noemer,
        sum(disclosure_count) as disclosure_count
    from summed_per_quarter_number
    group by indicator_id, wijk_code, jaar
),

-- Distinct clients cannot be rolled up: count them per period type, after removing repeat
-- events of one client in a quarter (most of the rows).
clients_per_quarter as (
    select distinct
        indicator_id,
        wijk_code,
        year(datum) as jaar,
        quarter(datum) as kwartaal,
        client_id
    from events
    where client_id is not null
),

distinct_clients_per_quarter as (
    select
        indicator_id,
        wijk_code,
        cast(jaar as varchar) || '-Q' || cast(kwartaal as varchar) as period,
        count(*) as clients
    from clients_per_quarter
    group by indicator_id, wijk_code, jaar, kwartaal
),

distinct_clients_per_year as (
    select
        indicator_id,
        wijk_code,
        cast(jaar as varchar) as period,
        count(distinct client_id) as clients
    from clients_per_quarter
    group by indicator_id, wijk_code, jaar
),

distinct_clients as (
    select
        indicator_id,
        wijk_code,
        period,
        clients as teller,
        cast(null as double) as noemer,
        clients as disclosure_count
    from (
        select * from distinct_clients_per_quarter
        union all
        select * from distinct_clients_per_year
    )
),

zorgtraject_clienten as (
    select
        'zorgtraject_clienten' as indicator_id,
        trajectories.wijk_code,
        period_list.period,
        count(distinct trajectories.client_id) as teller,
        cast(null as double) as noemer,
        count(distinct trajectories.client_id) as disclosure_count
    from trajectories
    inner join period_list
        on trajectories.startdatum <= period_list.data_end
        and trajectories.einddatum >= period_list.period_start
    group by all
),

-- koppeldekking counts in the wijk of the practice, on 1 July of the year.
practice_coverage as (
    select
        praktijken.jaar,
        praktijken.wijk_code,
        praktijken.ingeschreven_75plus,
        exists (
            select 1
            from koppels
            where koppels.praktijk_id = praktijken.praktijk_id
                and koppels.startdatum <= make_date(praktijken.jaar, 7, 1)
                and (koppels.einddatum is null or koppels.einddatum >= make_date(praktijken.jaar, 7, 1))
        ) as heeft_koppel
    from praktijken
),

koppeldekking as (
    select
        'koppeldekking' as indicator_id,
        wijk_code,
        cast(jaar as varchar) as period,
        sum(case when heeft_koppel then ingeschreven_75plus else 0 end) as teller,
        sum(ingeschreven_75plus) as noemer,
        sum(case when heeft_koppel then ingeschreven_75plus else 0 end) as disclosure_count
    from practice_coverage
    group by all
),

counts as (
    select indicator_id, wijk_code, period, teller, noemer, disclosure_count
    from summed_per_quarter
    union all
    select indicator_id, wijk_code, period, teller, noemer, disclosure_count
    from summed_per_year
    union all
    select * from distinct_clients
    union all
    select * from zorgtraject_clienten
    union all
    select * from koppeldekking
),

final as (
    select
        scaffold.indicator_id,
        scaffold.wijk_code,
        scaffold.period,
        scaffold.period_type,
        case
            when scaffold.methode = 'median' then null
            else cast(coalesce(counts.teller, 0) as double)
        end as teller,
        cast(
            case
                when scaffold.methode in ('rate', 'none') then population.inwoners_75plus
                else coalesce(counts.noemer, 0)
            end as double
        ) as noemer,
        cast(coalesce(counts.disclosure_count, 0) as bigint) as disclosure_count
    from scaffold
    left join counts
        on counts.indicator_id = scaffold.indicator_id
        and counts.wijk_code = scaffold.wijk_code
        and counts.period = scaffold.period
    left join population
        on population.wijk_code = scaffold.wijk_code
        and population.jaar = scaffold.jaar
)

select * from final
