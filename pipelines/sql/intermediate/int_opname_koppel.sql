-- One row per admission of a client 75+ that counts in crisisopnames, so_voor_opname or
-- opname_via_ziekenhuis (WLZ_VERBLIJF and ELV_*), with the client's practice at admission and
-- its group on the admission day: 'met_koppel' (the practice had a koppel active that day:
-- startdatum ≤ opnamedatum and, when ended, opnamedatum ≤ einddatum), 'zonder_koppel' (it had
-- none) or 'onbekend' (the delivery names no practice).
-- materialized: view
with opnames as (
    select * from stg_opnames
    where is_75plus and (is_wlz_verblijf or is_elv)
),

koppels as (
    select praktijk_id, startdatum, einddatum from stg_koppels
),

so_voor as (
    select opname_id from int_so_voor_opname
),

met_koppel as (
    select distinct opnames.opname_id
    from opnames
    inner join koppels
        on koppels.praktijk_id = opnames.praktijk_id
        and koppels.startdatum <= opnames.opnamedatum
        and (koppels.einddatum is null or opnames.opnamedatum <= koppels.einddatum)
),

final as (
    select
        opnames.opname_id,
        opnames.wijk_code,
        opnames.opnamedatum,
        opnames.praktijk_id,
        case
            when opnames.praktijk_id is null then 'onbekend'
            when met_koppel.opname_id is not null then 'met_koppel'
            else 'zonder_koppel'
        end as groep,
        opnames.is_wlz_verblijf,
        opnames.crisis,
        opnames.herkomst,
        so_voor.opname_id is not null as so_voor
    from opnames
    left join met_koppel using (opname_id)
    left join so_voor using (opname_id)
)

select * from final
