-- One row per SO contact (consult_id), with the age and discipline groupings the models use.
-- materialized: view
with source as (
    select * from valid_so_consulten
),

leeftijdsklassen as (
    select * from stg_leeftijdsklassen
),

final as (
    select
        source.consult_id,
        source.client_id,
        source.datum,
        source.wijk_code,
        source.leeftijdsklasse,
        source.geslacht,
        source.praktijk_id,
        source.so_id,
        source.uitvoerder_discipline,
        source.financiering,
        source.prestatie,
        source.contactvorm,
        source.hulpvraag,
        source.directe_tijd_min,
        source.aanvraagdatum,
        source.directe_tijd_min / 60.0 as directe_tijd_uren,
        source.uitvoerder_discipline in ('VS', 'PA') as door_vs_of_pa,
        coalesce(leeftijdsklassen.is_75plus, false) as is_75plus
    from source
    left join leeftijdsklassen using (leeftijdsklasse)
)

select * from final
