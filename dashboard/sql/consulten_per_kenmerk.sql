-- One row per year × waarde of one kenmerk: SO contacts of clients 75+ of one area.
select area_code, jaar, kenmerk, waarde, contacten, aandeel, suppressed, suppression_reason
from consulten_per_kenmerk
where area_code = $area_code
  and kenmerk = $kenmerk
order by jaar, waarde
