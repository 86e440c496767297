-- One row per leeftijdsklasse of the data contract, with whether it belongs to the 75+
-- population. The one place in the SQL that knows which age bands are 75+
-- (mirrors contract.LEEFTIJDSKLASSEN_75PLUS; a test keeps them equal).
with codes as (
    select *
    from (
        values
            ('65-74', false),
            ('75-79', true),
            ('80-84', true),
            ('85-89', true),
            ('90+', true)
    ) as code_list (leeftijdsklasse, is_75plus)
),

final as (
    select
        cast(leeftijdsklasse as varchar) as leeftijdsklasse,
        cast(is_75plus as boolean) as is_75plus
    from codes
)

select * from final
