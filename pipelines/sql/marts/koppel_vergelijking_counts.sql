-- One row per indicator × wijk × jaar × groep × practice with admissions: the teller and
-- noemer of crisisopnames, so_voor_opname and opname_via_ziekenhuis (each as the catalogue
-- defines it, clients 75+) of the admissions of one group ('met_koppel', 'zonder_koppel',
-- 'onbekend'; see int_opname_koppel). praktijk_id (NULL for 'onbekend') is kept only to count
-- the practices behind a group in an area; it is never published. Summed over groep and
-- praktijk_id a row gives the indicator's teller and noemer of indicator_counts.
--
-- wlz_opnames (Wlz admissions per 1.000 listed 75-plussers) groups by another rule: the
-- practice's status on 1 July of the year (int_samenwerkingsfase: stages 1–4 = 'met_koppel',
-- stage 0 = 'zonder_koppel'), the rule of koppeldekking. Its rows are of two kinds: the
-- WLZ_VERBLIJF admissions of clients 75+ (teller, in the client's wijk; noemer 0; 'onbekend'
-- when the delivery names no practice or the practice is not listed in praktijken that year),
-- and the practices' listed 75-plussers (noemer, in the practice's wijk; teller 0). Summed over
-- groep and praktijk_id its teller is wlz_opnames' teller of indicator_counts; the noemers of
-- 'met_koppel' and of both groups are koppeldekking's teller and noemer.
with admissions as (
    select * from int_opname_koppel
),

practice_status as (
    select
        jaar,
        praktijk_id,
        wijk_code,
        ingeschreven_75plus,
        case when fase >= 1 then 'met_koppel' else 'zonder_koppel' end as groep
    from int_samenwerkingsfase
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

admission_counts as (
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
),

wlz_admissions as (
    select
        'wlz_opnames' as indicator_id,
        admissions.wijk_code,
        year(admissions.opnamedatum) as jaar,
        coalesce(practice_status.groep, 'onbekend') as groep,
        practice_status.praktijk_id,
        count(*) as teller,
        0 as noemer
    from admissions
    cross join peildatum
    left join practice_status
        on practice_status.praktijk_id = admissions.praktijk_id
        and practice_status.jaar = year(admissions.opnamedatum)
    where admissions.is_wlz_verblijf
        and admissions.opnamedatum <= peildatum.peildatum
        and year(admissions.opnamedatum) in (select jaar from years)
    group by all
),

-- The listed 75-plussers only in years whose admissions name a practice at all: without
-- praktijk_id every admission is 'onbekend', and a rate of 0 per 1.000 would be false.
years_with_practices as (
    select distinct year(opnamedatum) as jaar
    from admissions
    where is_wlz_verblijf and praktijk_id is not null
),

wlz_listed as (
    select
        'wlz_opnames' as indicator_id,
        wijk_code,
        jaar,
        groep,
        praktijk_id,
        0 as teller,
        ingeschreven_75plus as noemer
    from practice_status
    where jaar in (select jaar from years)
        and jaar in (select jaar from years_with_practices)
),

final as (
    select indicator_id, wijk_code, jaar, groep, praktijk_id, teller, noemer
    from admission_counts
    union all
    select indicator_id, wijk_code, jaar, groep, praktijk_id, teller, noemer
    from wlz_admissions
    union all
    select indicator_id, wijk_code, jaar, groep, praktijk_id, teller, noemer
    from wlz_listed
)

select * from final
