-- One row per opname_type of the data contract, with the groups the indicators use.
-- The one place in the SQL that knows which types are ELV (mirrors contract.ELV_TYPES; a test
-- keeps them equal).
with codes as (
    select *
    from (
        values
            ('WLZ_VERBLIJF', true, false),
            ('ELV_LAAG', false, true),
            ('ELV_HOOG', false, true),
            ('ELV_PALLIATIEF', false, true),
            ('GRZ', false, false)
    ) as code_list (opname_type, is_wlz_verblijf, is_elv)
),

final as (
    select
        cast(opname_type as varchar) as opname_type,
        cast(is_wlz_verblijf as boolean) as is_wlz_verblijf,
        cast(is_elv as boolean) as is_elv
    from codes
)

select * from final
