-- One row per area (every level) × period with contacts of clients 75+ within a koppel: how
-- many distinct koppels stand behind them. Disclosure control suppresses the
-- consulten_binnen_koppel teller where fewer koppels than the minimum do (a figure of one
-- or two koppels is a figure of a practice and an SO).
with koppel_consults as (
    select koppel_id, consult_id, datum from int_koppel_consults where is_75plus
),

consults as (
    select consult_id, wijk_code from int_consults
),

hierarchy as (
    select wijk_code, gemeente_code, resv_code from int_wijk_hierarchy
),

period_list as (
    select period, period_start, data_end from int_periods
),

located as (
    select
        koppel_consults.koppel_id,
        period_list.period,
        hierarchy.wijk_code,
        hierarchy.gemeente_code,
        hierarchy.resv_code
    from koppel_consults
    inner join consults using (consult_id)
    inner join hierarchy using (wijk_code)
    inner join period_list
        on koppel_consults.datum between period_list.period_start and period_list.data_end
),

final as (
    select 'wijk' as area_level, wijk_code as area_code, period,
        count(distinct koppel_id) as koppels
    from located group by all
    union all
    select 'gemeente', gemeente_code, period, count(distinct koppel_id) from located group by all
    union all
    select 'resv', resv_code, period, count(distinct koppel_id) from located group by all
    union all
    select 'regio', 'REGIO', period, count(distinct koppel_id) from located group by all
)

select * from final
