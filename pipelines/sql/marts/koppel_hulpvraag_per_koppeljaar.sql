-- One row per koppel × koppeljaar × hulpvraag with contacts: the koppel's contacts with clients
-- 75+ by the year of the koppel they fell in (koppeljaar 1 = quarters 0–3 since the quarter of
-- startdatum, 2 = quarters 4–7, 3 = quarter 8 and later) and the question the GP asked. The same
-- contacts as koppel_kwartalen (the learning curve): only quarters that ended on or before the
-- peildatum, and the koppel counts in the wijk (gemeente, RESV) of its practice in the latest
-- year the practice was delivered; so per area a koppeljaar's contacts are the learning curve's
-- contacts of its four quarters (the third: of every quarter from 8 on).
with koppels as (
    select * from stg_koppels
),

koppel_consults as (
    select koppel_id, consult_id, datum from int_koppel_consults where is_75plus
),

consults as (
    select consult_id, hulpvraag from stg_so_consulten
),

peildatum as (
    select peildatum from build_parameters
),

practice_wijk as (
    select praktijk_id, arg_max(wijk_code, jaar) as wijk_code
    from stg_praktijken
    group by praktijk_id
),

hierarchy as (
    select wijk_code, gemeente_code, resv_code from int_wijk_hierarchy
),

aged as (
    select
        koppel_consults.koppel_id,
        koppels.praktijk_id,
        consults.hulpvraag,
        cast(
            (year(koppel_consults.datum) - year(koppels.startdatum)) * 4
            + quarter(koppel_consults.datum) - quarter(koppels.startdatum)
            as integer
        ) as kwartaal_sinds_start,
        cast(date_trunc('quarter', koppel_consults.datum) + interval 3 month as date) - 1
            as quarter_end
    from koppel_consults
    inner join koppels using (koppel_id)
    inner join consults using (consult_id)
),

final as (
    select
        aged.koppel_id,
        practice_wijk.wijk_code,
        hierarchy.gemeente_code,
        hierarchy.resv_code,
        cast(least(aged.kwartaal_sinds_start // 4 + 1, 3) as integer) as koppeljaar,
        aged.hulpvraag,
        count(*) as contacten
    from aged
    cross join peildatum
    left join practice_wijk using (praktijk_id)
    left join hierarchy using (wijk_code)
    where aged.quarter_end <= peildatum.peildatum
    group by all
)

select * from final
