-- One row per koppel × consult: a contact of the koppel's practice and SO on a day the koppel
-- was active (startdatum ≤ datum and, when it has ended, datum ≤ einddatum), all ages.
with koppels as (
    select * from stg_koppels
),

consults as (
    select * from stg_so_consulten
),

final as (
    select
        koppels.koppel_id,
        koppels.startdatum,
        consults.consult_id,
        consults.client_id,
        consults.datum,
        consults.is_75plus
    from consults
    inner join koppels
        on koppels.praktijk_id = consults.praktijk_id
        and koppels.so_id = consults.so_id
        and koppels.startdatum <= consults.datum
        and (koppels.einddatum is null or consults.datum <= koppels.einddatum)
)

select * from final
