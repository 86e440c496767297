-- One row per SO contact (consult_id), with binnen_koppel: a koppel of the same practice and
-- SO was active on the day of the contact.
-- materialized: view
with consults as (
    select * from stg_so_consulten
),

koppel_consults as (
    select distinct consult_id from int_koppel_consults
),

final as (
    select
        consults.*,
        koppel_consults.consult_id is not null as binnen_koppel
    from consults
    left join koppel_consults using (consult_id)
)

select * from final
