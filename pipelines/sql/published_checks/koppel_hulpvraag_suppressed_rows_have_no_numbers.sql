-- koppel_hulpvraag: a suppressed row has no numbers (contacten, aandeel empty).
-- requires: koppel_hulpvraag where suppressed
select area_code, koppeljaar, hulpvraag, contacten, aandeel
from koppel_hulpvraag
where suppressed and (contacten is not null or aandeel is not null)
