-- One row per period (calendar year or quarter) from 1 January of the first year with consults
-- or admissions up to the period holding the peildatum. data_end is the last day whose data
-- counts (the period end, or the peildatum in the incomplete last period).
with build_parameters as (
    select peildatum from build_parameters
),

consults as (
    select datum from stg_so_consulten
),

opnames as (
    select opnamedatum from stg_opnames
),

bounds as (
    select
        make_date(
            year(least((select min(datum) from consults), (select min(opnamedatum) from opnames))),
            1,
            1
        ) as data_start,
        peildatum
    from build_parameters
),

years as (
    select
        'jaar' as period_type,
        cast(period_start as date) as period_start,
        cast(period_start + interval 1 year as date) - 1 as period_end,
        peildatum
    from bounds,
        unnest(
            generate_series(
                cast(data_start as timestamp), cast(peildatum as timestamp), interval 1 year
            )
        ) as series (period_start)
),

quarters as (
    select
        'kwartaal' as period_type,
        cast(period_start as date) as period_start,
        cast(period_start + interval 3 month as date) - 1 as period_end,
        peildatum
    from bounds,
        unnest(
            generate_series(
                cast(data_start as timestamp), cast(peildatum as timestamp), interval 3 month
            )
        ) as series (period_start)
),

all_periods as (
    select * from years
    union all
    select * from quarters
),

final as (
    select
        case
            when period_type = 'jaar' then cast(year(period_start) as varchar)
            else cast(year(period_start) as varchar) || '-Q' || cast(quarter(period_start) as varchar)
        end as period,
        period_type,
        cast(year(period_start) as integer) as jaar,
        period_start,
        period_end,
        period_end <= peildatum as periode_volledig,
        (least(period_end, peildatum) - period_start + 1)
        / (make_date(year(period_start) + 1, 1, 1) - make_date(year(period_start), 1, 1))
            as jaarfractie,
        least(period_end, peildatum) as data_end
    from all_periods
)

select * from final
