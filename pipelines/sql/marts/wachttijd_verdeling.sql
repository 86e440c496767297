-- One row per wijk × period × number of waiting days: how many non-crisis WLZ_VERBLIJF
-- admissions of clients 75+ with an indicatiedatum waited that many days. Kept as a
-- distribution so that publish computes exact medians at every area level.
with opnames as (
    select * from stg_opnames
),

peildatum as (
    select peildatum from build_parameters
),

waits as (
    select
        opnames.wijk_code,
        opnames.opnamedatum,
        cast(opnames.opnamedatum - opnames.indicatiedatum as integer) as dagen
    from opnames, peildatum
    where opnames.is_75plus
        and opnames.is_wlz_verblijf
        and not opnames.crisis
        and opnames.indicatiedatum is not null
        and opnames.opnamedatum <= peildatum.peildatum
),

per_period as (
    select
        wijk_code,
        unnest([
            cast(year(opnamedatum) as varchar),
            cast(year(opnamedatum) as varchar) || '-Q' || cast(quarter(opnamedatum) as varchar)
        ]) as period,
        unnest(['jaar', 'kwartaal']) as period_type,
        dagen
    from waits
),

final as (
    select
        wijk_code,
        period,
        period_type,
        dagen,
        count(*) as n
    from per_period
    group by all
)

select * from final
