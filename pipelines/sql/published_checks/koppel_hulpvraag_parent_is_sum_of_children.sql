-- koppel_hulpvraag: a parent area's contacts of a koppeljaar and hulpvraag equal the sum of its
-- children's (gemeente → RESV → regio, by areas.parent_code), where no row of the parent and its
-- children is suppressed. A missing row counts as 0; a level the table does not publish (no
-- rows at all for a parent's children: wijken) is not compared.
-- requires: koppel_hulpvraag
-- requires: areas
with cells as (
    select koppeljaar, hulpvraag, area_code, suppressed, contacten
    from koppel_hulpvraag
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
        cells.koppeljaar,
        cells.hulpvraag,
        tree.parent_code as area_code,
        sum(cells.contacten) as children_sum,
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
    koppeljaar,
    hulpvraag,
    area_code,
    parents.contacten,
    children.children_sum
from parents
full join children using (koppeljaar, hulpvraag, area_code)
where area_code in (select area_code from with_children)
    and not coalesce(parents.suppressed, false)
    and not coalesce(children.child_suppressed, false)
    and coalesce(parents.contacten, 0) <> coalesce(children.children_sum, 0)
