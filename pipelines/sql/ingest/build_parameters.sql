-- One row: the peildatum (given, or the last day of the month of the latest valid consult or
-- admission), whether the delivery is synthetic, and 1 January of the earliest data year.
create or replace table build_parameters as
with datums as (
    select datum as dag from valid_so_consulten
    union all
    select opnamedatum as dag from valid_opnames
),

grenzen as (
    select max(dag) as laatste_dag, min(dag) as eerste_dag from datums
),

final as (
    select
        coalesce(cast($peildatum as date), last_day(laatste_dag)) as peildatum,
        cast($synthetisch as boolean) as synthetisch,
        make_date(cast(year(eerste_dag) as bigint), 1, 1) as data_start
    from grenzen
)

select * from final
