-- One row per area × quarter since the start of its koppels, for the chosen areas (published
-- only where at least build_info.min_koppels koppels contribute), with the build's thresholds.
with build as (
    select min_telling, min_noemer, min_koppels, peildatum from build_info
),

final as (
    select l.area_code, a.area_name, l.kwartaal_sinds_start, l.n_koppels,
           l.contacten_per_koppel, l.clienten_per_koppel, l.suppressed, l.suppression_reason,
           b.min_telling, b.min_noemer, b.min_koppels, b.peildatum
    from koppel_leercurve as l
    inner join areas as a using (area_level, area_code)
    cross join build as b
    where list_contains($area_codes, l.area_code)
)

select * from final order by area_code, kwartaal_sinds_start
