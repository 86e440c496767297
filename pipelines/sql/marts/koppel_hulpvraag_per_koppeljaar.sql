-- One row per koppel × koppeljaar × hulpvraag with contacts: the koppel's contacts with clients
-- 75+ by the year of the koppel they fell in (koppeljaar 1 = quarters 0–3 since the quarter of
-- startdatum, 2 = quarters 4–7, 3 = quarter 8 and later) and the question the GP asked. Each
-- contact takes its quarter, area and quarter since start from koppel_kwartalen (the learning
-- curve: complete quarters up to the peildatum, the wijk of the koppel's practice), so per area
-- a koppeljaar's contacts are the learning curve's contacts of its four quarters (the third:
-- of every quarter from 8 on) by construction.
with koppel_consults as (
    select
        koppel_id,
        consult_id,
        cast(date_trunc('quarter', datum) as date) as quarter_start
    from int_koppel_consults
    where is_75plus
),

consults as (
    select consult_id, hulpvraag from stg_so_consulten
),

quarters as (
    select koppel_id, quarter_start, kwartaal_sinds_start, wijk_code, gemeente_code, resv_code
    from koppel_kwartalen
),

final as (
    select
        quarters.koppel_id,
        quarters.wijk_code,
        quarters.gemeente_code,
        quarters.resv_code,
        cast(least(quarters.kwartaal_sinds_start // 4 + 1, 3) as integer) as koppeljaar,
        consults.hulpvraag,
        count(*) as contacten
    from koppel_consults
    inner join quarters using (koppel_id, quarter_start)
    inner join consults using (consult_id)
    group by all
)

select * from final
