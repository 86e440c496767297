-- The map against gebieden: wijk codes of valid gebieden rows without a shape, and shapes
-- whose code is no wijk of gebieden (each a sorted list; empty lists when all match).
with
wijken as (select distinct wijk_code from valid_gebieden),
shapes as (select wijk_code from geometry_wijk),
final as (
    select
        (select coalesce(list(wijk_code order by wijk_code), [])
         from wijken where wijk_code not in (select wijk_code from shapes)) as without_shape,
        (select coalesce(list(wijk_code order by wijk_code), [])
         from shapes where wijk_code not in (select wijk_code from wijken)) as unknown_wijk
)
select * from final
