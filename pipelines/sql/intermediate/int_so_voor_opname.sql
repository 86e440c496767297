-- One row per Wlz admission from home (WLZ_VERBLIJF, herkomst THUIS; any age) of a client with
-- at least one SO contact in the 365 days before the admission day: the teller of
-- so_voor_opname, shared by indicator_counts and the koppel comparison (one rule, one place).
-- materialized: view
with opnames as (
    select * from stg_opnames
    where is_wlz_verblijf and herkomst = 'THUIS'
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
