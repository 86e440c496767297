-- One row per Wlz admission (WLZ_VERBLIJF, any herkomst, any age) of a client with at least one
-- SO contact in the 365 days before the admission day (the contact's datum in
-- [opnamedatum − 365, opnamedatum)). The window rule of so_voor_opname (its teller: the rows
-- with herkomst THUIS) and of crisis_zonder_so (its teller: the crisis admissions without a
-- row here), shared by indicator_counts and the koppel comparison (one rule, one place).
-- materialized: view
with opnames as (
    select * from stg_opnames
    where is_wlz_verblijf
),

consults as (
    select client_id, datum from stg_so_consulten
),

final as (
    select distinct opnames.opname_id
    from opnames
    inner join consults
        on consults.client_id = opnames.client_id
        and consults.datum < opnames.opnamedatum
        and consults.datum >= opnames.opnamedatum - 365
)

select * from final
