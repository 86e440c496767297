-- One row per year: active koppels of one area and how they work together (shares in %).
select area_code, jaar, actieve_koppels, aandeel_werkt_in_his, aandeel_vast_overleg,
       suppressed, suppression_reason
from koppel_kenmerken
where area_code = $area_code
order by jaar
