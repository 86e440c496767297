-- One row per koppel: a fixed pair of one GP practice and one SO, with its active dates.
with source as (
    select * from valid_koppels
),

final as (
    select
        koppel_id,
        praktijk_id,
        so_id,
        so_organisatie,
        startdatum,
        einddatum,
        werkt_in_his,
        vast_overleg
    from source
)

select * from final
