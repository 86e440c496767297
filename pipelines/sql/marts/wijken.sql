-- One row per wijk: its name, gemeente and RESV (latest boundary year that holds the wijk).
with source as (
    select * from int_wijk_hierarchy
),

final as (
    select
        wijk_code,
        wijk_naam,
        gemeente_code,
        gemeente_naam,
        resv_code,
        resv_naam
    from source
)

select * from final
