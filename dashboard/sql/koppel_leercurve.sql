-- One row per area × quarter since the start of its koppels, for the chosen areas (published
-- only where at least 3 koppels contribute).
with final as (
    select l.area_code, a.area_name, l.kwartaal_sinds_start, l.n_koppels,
           l.contacten_per_koppel, l.clienten_per_koppel, l.suppressed, l.suppression_reason
    from koppel_leercurve as l
    inner join areas as a using (area_level, area_code)
    where list_contains($area_codes, l.area_code)
)

select * from final order by area_code, kwartaal_sinds_start
