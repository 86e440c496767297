-- One row per wijk (of the practice) × jaar with practices: how many practices, how many of
-- them had an active koppel on 1 July, and how many koppels were active then, working in the
-- GP's information system (HIS) and with fixed consultation moments.
with praktijken as (
    select * from stg_praktijken
),

koppels as (
    select * from stg_koppels
),

active_koppels as (
    select
        praktijken.jaar,
        praktijken.wijk_code,
        praktijken.praktijk_id,
        koppels.koppel_id,
        koppels.werkt_in_his,
        koppels.vast_overleg
    from praktijken
    inner join koppels
        on koppels.praktijk_id = praktijken.praktijk_id
        and koppels.startdatum <= make_date(praktijken.jaar, 7, 1)
        and (koppels.einddatum is null or koppels.einddatum >= make_date(praktijken.jaar, 7, 1))
),

per_practice as (
    select jaar, wijk_code, count(*) as praktijken
    from praktijken
    group by all
),

per_koppel as (
    select
        jaar,
        wijk_code,
        count(distinct praktijk_id) as praktijken_met_koppel,
        count(*) as actieve_koppels,
        count(*) filter (where werkt_in_his) as werkt_in_his,
        count(*) filter (where vast_overleg) as vast_overleg
    from active_koppels
    group by all
),

final as (
    select
        per_practice.wijk_code,
        per_practice.jaar,
        per_practice.praktijken,
        coalesce(per_koppel.praktijken_met_koppel, 0) as praktijken_met_koppel,
        coalesce(per_koppel.actieve_koppels, 0) as actieve_koppels,
        coalesce(per_koppel.werkt_in_his, 0) as werkt_in_his,
        coalesce(per_koppel.vast_overleg, 0) as vast_overleg
    from per_practice
    left join per_koppel using (jaar, wijk_code)
)

select * from final
