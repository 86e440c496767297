-- One row per indicator × wijk × jaar × groep × practice with admissions: the teller and
-- noemer of crisisopnames, so_voor_opname and opname_via_ziekenhuis (each as the catalogue
-- defines it, clients 75+) of the admissions of one group ('met_koppel', 'zonder_koppel',
-- 'onbekend'; see int_opname_koppel). praktijk_id (NULL for 'onbekend') is kept only to count
-- the practices behind a group in an area; it is never published. Summed over groep and
-- praktijk_id a row gives the indicator's teller and noemer of indicator_counts.
with admissions as (
    select * from int_opname_koppel
),

peildatum as (
    select peildatum from build_parameters
),

years as (
    select jaar from periods where period_type = 'jaar'
),

events as (
    select
        'crisisopnames' as indicator_id, wijk_code, opnamedatum, groep, praktijk_id,
        case when crisis then 1 else 0 end as teller
    from admissions
    where is_wlz_verblijf
    union all
    select 'so_voor_opname', wijk_code, opnamedatum, groep, praktijk_id,
        case when so_voor then 1 else 0 end
    from admissions
    where is_wlz_verblijf and herkomst = 'THUIS'
    union all
    select 'opname_via_ziekenhuis', wijk_code, opnamedatum, groep, praktijk_id,
        case when herkomst = 'ZIEKENHUIS' then 1 else 0 end
    from admissions
),

final as (
    select
        events.indicator_id,
        events.wijk_code,
        year(events.opnamedatum) as jaar,
        events.groep,
        events.praktijk_id,
        sum(events.teller) as teller,
        count(*) as noemer
    from events, peildatum
    where events.opnamedatum <= peildatum.peildatum
        and year(events.opnamedatum) in (select jaar from years)
    group by all
)

select * from final
