-- One row per request of a GP to the SO team (so_consulten.aanvraagdatum): one client and one
-- aanvraagdatum (it repeats on every contact of the episode), with its first contact — the
-- earliest contact of that client with that aanvraagdatum — and that contact's wijk, age class
-- and sex. dagen = first contact − aanvraagdatum. Contacts without an aanvraagdatum (or a
-- delivery without the column) make no request. Feeds dagen_tot_so_contact: its noemer
-- (int_indicator_events) and its distribution (wachttijd_verdeling); one rule, one place.
-- materialized: view
with consults as (
    select * from stg_so_consulten
    where aanvraagdatum is not null
),

first_contacts as (
    select
        client_id,
        aanvraagdatum,
        arg_min(consult_id, (datum, consult_id)) as consult_id
    from consults
    group by client_id, aanvraagdatum
),

final as (
    select
        consults.client_id,
        consults.aanvraagdatum,
        consults.datum as eerste_contact,
        cast(consults.datum - consults.aanvraagdatum as integer) as dagen,
        consults.wijk_code,
        consults.leeftijdsklasse,
        consults.geslacht,
        consults.is_75plus
    from first_contacts
    inner join consults using (consult_id)
)

select * from final
