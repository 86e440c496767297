-- One row per median indicator × wijk × period × number of waiting days: how many events
-- waited that many days — for wachttijd_opname the non-crisis WLZ_VERBLIJF admissions of
-- clients 75+ with an indicatiedatum (indicatiedatum → opnamedatum), for dagen_tot_so_contact
-- the requests to the SO team of clients 75+ (aanvraagdatum → first contact, dated by the first
-- contact; int_so_aanvragen). Kept as a distribution so that publish computes exact medians at
-- every area level.
with opnames as (
    select * from stg_opnames
),

requests as (
    select * from int_so_aanvragen
),

peildatum as (
    select peildatum from build_parameters
),

waits as (
    select
        'wachttijd_opname' as indicator_id,
        opnames.wijk_code,
        opnames.opnamedatum as datum,
        cast(opnames.opnamedatum - opnames.indicatiedatum as integer) as dagen
    from opnames, peildatum
    where opnames.is_75plus
        and opnames.is_wlz_verblijf
        and not opnames.crisis
        and opnames.indicatiedatum is not null
        and opnames.opnamedatum <= peildatum.peildatum
    union all
    select
        'dagen_tot_so_contact',
        requests.wijk_code,
        requests.eerste_contact,
        requests.dagen
    from requests, peildatum
    where requests.is_75plus
        and requests.eerste_contact <= peildatum.peildatum
),

per_period as (
    select
        indicator_id,
        wijk_code,
        unnest([
            cast(year(datum) as varchar),
            cast(year(datum) as varchar) || '-Q' || cast(quarter(datum) as varchar)
        ]) as period,
        unnest(['jaar', 'kwartaal']) as period_type,
        dagen
    from waits
),

final as (
    select
        indicator_id,
        wijk_code,
        period,
        period_type,
        dagen,
        count(*) as n
    from per_period
    group by all
)

select * from final
