-- indicator_values: a parent area's teller (and, for proportions, rates and medians, noemer)
-- equals the sum of its children's (wijk → gemeente → RESV → regio, by areas.parent_code), per
-- indicator, period and number, where no row of the parent and its children is suppressed and
-- every child has the row (quarters are published from the gemeente up, so a gemeente's quarter
-- has no children). Medians (teller NULL) have no summable teller; their noemer (the events
-- behind the median) sums.
-- requires: indicator_values
-- requires: indicator_catalogue
-- requires: areas
with numbers as (
    select
        indicator_values.indicator_id,
        indicator_values.period,
        indicator_values.area_code,
        indicator_values.suppressed,
        indicator_values.teller,
        indicator_values.noemer,
        indicator_catalogue.methode
    from indicator_values
    inner join indicator_catalogue using (indicator_id)
),

cells as (
    select indicator_id, period, area_code, suppressed, 'teller' as number, teller as amount
    from numbers
    where methode <> 'median'
    union all
    select indicator_id, period, area_code, suppressed, 'noemer', noemer
    from numbers
    where methode in ('proportion', 'rate', 'median')
),

tree as (
    select area_code, parent_code from areas where parent_code is not null
),

expected as (
    select parent_code as area_code, count(*) as n_expected from tree group by all
),

parents as (
    select cells.*
    from cells
    semi join tree on cells.area_code = tree.parent_code
),

children as (
    select
        cells.indicator_id,
        cells.period,
        cells.number,
        tree.parent_code as area_code,
        sum(cells.amount) as children_sum,
        bool_or(cells.suppressed) as child_suppressed,
        count(*) as n_children
    from cells
    inner join tree using (area_code)
    group by all
)

select
    indicator_id,
    period,
    area_code,
    number,
    parents.amount as parent_amount,
    children.children_sum
from parents
inner join children using (indicator_id, period, number, area_code)
inner join expected using (area_code)
where children.n_children = expected.n_expected
    and not parents.suppressed
    and not children.child_suppressed
    and abs(coalesce(parents.amount, 0) - coalesce(children.children_sum, 0))
    > 1e-6 * greatest(1, abs(coalesce(parents.amount, 0)))
