-- koppel_kenmerken: a parent area's active koppels equal the sum of its children's (wijk →
-- gemeente → RESV → regio, by areas.parent_code), per jaar, where no row of the parent and its
-- children is suppressed. A missing row counts as 0.
-- requires: koppel_kenmerken
-- requires: areas
with cells as (
    select jaar, area_code, suppressed, actieve_koppels as amount
    from koppel_kenmerken
),

tree as (
    select area_code, parent_code from areas where parent_code is not null
),

parents as (
    select cells.*
    from cells
    semi join tree on cells.area_code = tree.parent_code
),

children as (
    select
        cells.jaar,
        tree.parent_code as area_code,
        sum(cells.amount) as children_sum,
        bool_or(cells.suppressed) as child_suppressed
    from cells
    inner join tree using (area_code)
    group by all
)

select
    jaar,
    area_code,
    parents.amount as parent_amount,
    children.children_sum
from parents
full join children using (jaar, area_code)
where not coalesce(parents.suppressed, false)
    and not coalesce(children.child_suppressed, false)
    and coalesce(parents.amount, 0) <> coalesce(children.children_sum, 0)
