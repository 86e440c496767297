-- koppel_vergelijking: a suppressed row has no numbers (teller, noemer, value, limits,
-- difference and p-value empty), and a published row's difference is empty when the other
-- group of its pair is suppressed.
-- requires: koppel_vergelijking where suppressed
with rows as (
    select * from koppel_vergelijking
),

pairs as (
    select area_code, jaar, indicator_id, bool_or(suppressed) as pair_suppressed
    from rows
    group by all
)

select
    rows.area_code,
    rows.jaar,
    rows.indicator_id,
    rows.groep,
    rows.teller,
    rows.difference
from rows
inner join pairs using (area_code, jaar, indicator_id)
where (rows.suppressed
        and (rows.teller is not null or rows.noemer is not null or rows.value is not null
            or rows.lower_95 is not null or rows.upper_998 is not null))
    or (pairs.pair_suppressed
        and (rows.difference is not null or rows.difference_lower_95 is not null
            or rows.difference_upper_95 is not null or rows.p_value is not null))
