-- One row per year: active koppels of one area and how they work together (shares in %; empty
-- and aandelen_onderdrukt where too few koppels), with the build's thresholds.
select k.area_code, k.jaar, k.actieve_koppels, k.aandeel_werkt_in_his, k.aandeel_vast_overleg,
       k.aandelen_onderdrukt, k.suppressed, k.suppression_reason,
       b.min_telling, b.min_noemer, b.min_koppels, b.peildatum
from koppel_kenmerken as k
cross join (select min_telling, min_noemer, min_koppels, peildatum from build_info) as b
where k.area_code = $area_code
order by k.jaar
