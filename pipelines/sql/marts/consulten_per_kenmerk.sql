-- One row per wijk × jaar × kenmerk × waarde: SO contacts of clients 75+ by one of their
-- characteristics (hulpvraag, contactvorm, uitvoerder_discipline, financiering, prestatie).
with consults as (
    select * from stg_so_consulten where is_75plus
),

peildatum as (
    select peildatum from build_parameters
),

characteristics as (
    unpivot (
        select
            consults.wijk_code,
            cast(year(consults.datum) as integer) as jaar,
            consults.hulpvraag,
            consults.contactvorm,
            consults.uitvoerder_discipline,
            consults.financiering,
            consults.prestatie
        from consults, peildatum
        where consults.datum <= peildatum.peildatum
    )
    on hulpvraag, contactvorm, uitvoerder_discipline, financiering, prestatie
    into name kenmerk value waarde
),

final as (
    select
        wijk_code,
        jaar,
        kenmerk,
        waarde,
        count(*) as contacten
    from characteristics
    group by all
)

select * from final
