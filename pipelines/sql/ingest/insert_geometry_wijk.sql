-- All boundaries in one statement: $wijk_codes and $geometries are lists of equal length, and
-- unnest pairs them by position. (One INSERT per wijk was one commit each on the warehouse
-- file: 2,000 wijken took 1.5 s CPU and up to 12 s waiting for the disk.)
insert into geometry_wijk
select unnest($wijk_codes) as wijk_code, unnest($geometries) as geometry
