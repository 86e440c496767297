-- koppel_vergelijking: a parent area's teller and noemer equal the sum of its children's
-- (gemeente → RESV → regio, by areas.parent_code), per jaar, indicator and groep, where the
-- children are published (a RESV whose gemeenten are left out is not compared) and no row of
-- the parent and its children is suppressed.
-- requires: koppel_vergelijking
-- requires: areas
with cells as (
    select area_code, jaar, indicator_id, groep, teller, noemer, suppressed
    from koppel_vergelijking
),

tree as (
    select area_code, parent_code from areas where parent_code is not null
),

children as (
    select
        tree.parent_code as area_code,
        cells.jaar,
        cells.indicator_id,
        cells.groep,
        sum(cells.teller) as teller,
        sum(cells.noemer) as noemer,
        bool_or(cells.suppressed) as child_suppressed
    from cells
    inner join tree using (area_code)
    group by all
)

select
    cells.area_code,
    cells.jaar,
    cells.indicator_id,
    cells.groep,
    cells.teller,
    children.teller as children_teller,
    cells.noemer,
    children.noemer as children_noemer
from cells
inner join children using (area_code, jaar, indicator_id, groep)
where not cells.suppressed
    and not children.child_suppressed
    and (cells.teller <> children.teller or cells.noemer <> children.noemer)
