-- consulten_per_kenmerk: a parent area's contacts equal the sum of its children's (wijk →
-- gemeente → RESV → regio, by areas.parent_code), per jaar, kenmerk and waarde, where no row of
-- the parent and its children is suppressed. A missing row counts as 0.
-- requires: consulten_per_kenmerk
-- requires: areas
with cells as (
    select jaar, kenmerk, waarde, area_code, suppressed, contacten as amount
    from consulten_per_kenmerk
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
        cells.kenmerk,
        cells.waarde,
        tree.parent_code as area_code,
        sum(cells.amount) as children_sum,
        bool_or(cells.suppressed) as child_suppressed
    from cells
    inner join tree using (area_code)
    group by all
)

select
    jaar,
    kenmerk,
    waarde,
    area_code,
    parents.amount as parent_amount,
    children.children_sum
from parents
full join children using (jaar, kenmerk, waarde, area_code)
where not coalesce(parents.suppressed, false)
    and not coalesce(children.child_suppressed, false)
    and coalesce(parents.amount, 0) <> coalesce(children.children_sum, 0)
