-- Areas form a tree: every gemeente lies in one RESV, and every wijk has a gemeente and a RESV.
select gemeente_code, count(distinct resv_code) as resvs, count(*) filter (where resv_code is null) as no_resv
from wijken
group by gemeente_code
having count(distinct resv_code) <> 1 or count(*) filter (where resv_code is null) > 0
    or gemeente_code is null
