-- One row per indicator, in the catalogue's order.
select * from indicator_catalogue order by volgorde
