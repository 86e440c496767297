-- One row per wijk (of the practice) × jaar × fase (0–4, every stage of every wijk and year
-- with practices, zeros included): the practices in that samenwerkingsfase on 1 July and their
-- listed patients aged 75+ (int_samenwerkingsfase holds the ladder).
with practices as (
    select * from int_samenwerkingsfase
),

stages as (
    select unnest(range(0, 5)) as fase
),

wijk_years as (
    select distinct wijk_code, jaar from practices
),

counted as (
    select
        wijk_code,
        jaar,
        fase,
        count(*) as praktijken,
        cast(sum(ingeschreven_75plus) as bigint) as ingeschreven_75plus
    from practices
    group by all
),

final as (
    select
        wijk_years.wijk_code,
        wijk_years.jaar,
        cast(stages.fase as integer) as fase,
        coalesce(counted.praktijken, 0) as praktijken,
        coalesce(counted.ingeschreven_75plus, 0) as ingeschreven_75plus
    from wijk_years
    cross join stages
    left join counted
        on counted.wijk_code = wijk_years.wijk_code
        and counted.jaar = wijk_years.jaar
        and counted.fase = stages.fase
)

select * from final
