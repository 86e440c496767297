-- samenwerkingsfase: a parent area's practices and listed 75-plussers of a stage equal the sum
-- of its children's (wijk → gemeente → RESV → regio, by areas.parent_code), per jaar and fase,
-- where no row of the parent and its children is suppressed. A missing row counts as 0; a
-- level the table does not publish (no rows at all for a parent's children) is not compared.
-- requires: samenwerkingsfase
-- requires: areas
with cells as (
    select jaar, fase, area_code, suppressed, praktijken, ingeschreven_75plus
    from samenwerkingsfase
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
        cells.fase,
        tree.parent_code as area_code,
        sum(cells.praktijken) as children_praktijken,
        sum(cells.ingeschreven_75plus) as children_ingeschreven,
        bool_or(cells.suppressed) as child_suppressed
    from cells
    inner join tree using (area_code)
    group by all
),

with_children as (
    select distinct tree.parent_code as area_code
    from cells
    inner join tree using (area_code)
)

select
    jaar,
    fase,
    area_code,
    parents.praktijken,
    children.children_praktijken,
    parents.ingeschreven_75plus,
    children.children_ingeschreven
from parents
full join children using (jaar, fase, area_code)
where area_code in (select area_code from with_children)
    and not coalesce(parents.suppressed, false)
    and not coalesce(children.child_suppressed, false)
    and (coalesce(parents.praktijken, 0) <> coalesce(children.children_praktijken, 0)
        or coalesce(parents.ingeschreven_75plus, 0) <> coalesce(children.children_ingeschreven, 0))
