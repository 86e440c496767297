-- koppel_hulpvraag: the contacts of a koppeljaar (all questions) equal the learning curve's
-- contacts of its quarters (contacten_per_koppel × n_koppels; koppeljaar 1 = quarters 0–3,
-- 2 = 4–7, 3 = 8 and later) per area, where no row on either side is suppressed.
-- requires: koppel_hulpvraag
-- requires: koppel_leercurve where not suppressed
with questions as (
    select
        area_code,
        koppeljaar,
        sum(contacten) as contacten,
        bool_or(suppressed) as any_suppressed
    from koppel_hulpvraag
    group by all
),

quarters as (
    select
        area_code,
        least(kwartaal_sinds_start // 4 + 1, 3) as koppeljaar,
        sum(round(contacten_per_koppel * n_koppels)) as contacten,
        bool_or(suppressed) as any_suppressed
    from koppel_leercurve
    group by all
)

select
    questions.area_code,
    questions.koppeljaar,
    questions.contacten,
    quarters.contacten as leercurve_contacten
from questions
inner join quarters using (area_code, koppeljaar)
where not questions.any_suppressed
    and not quarters.any_suppressed
    and questions.contacten <> quarters.contacten
