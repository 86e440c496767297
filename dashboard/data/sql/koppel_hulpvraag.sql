-- One row per koppeljaar × hulpvraag: the contacts of the koppels of one area with clients 75+
-- in the first, second and later years of the koppel, every question listed, with the
-- koppeljaar as text and the build's thresholds (a row says what it shows).
select k.area_code, k.koppeljaar,
       case when k.koppeljaar >= 3 then '3e jaar en later'
            else cast(k.koppeljaar as varchar) || 'e jaar' end as koppeljaar_tekst,
       k.hulpvraag, k.contacten, k.aandeel, k.suppressed, k.suppression_reason,
       b.min_telling, b.min_noemer, b.min_koppels, b.peildatum
from koppel_hulpvraag as k
cross join (select min_telling, min_noemer, min_koppels, peildatum from build_info) as b
where k.area_code = $area_code
order by k.koppeljaar, k.hulpvraag
