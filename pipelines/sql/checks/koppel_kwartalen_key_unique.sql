-- koppel_kwartalen: one row per koppel × quarter since start.
select koppel_id, kwartaal_sinds_start, count(*) as rows
from koppel_kwartalen
group by all
having count(*) > 1 or kwartaal_sinds_start < 0
