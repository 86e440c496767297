-- One row per jaar × praktijk_id: the practice's stage of GP–SO collaboration
-- (samenwerkingsfase) on the peildag, 1 July of the year — the day koppeldekking and
-- koppels_per_wijk_jaar use: a koppel is active when startdatum ≤ peildag and (einddatum empty
-- or einddatum ≥ peildag). The stages are a ladder; a practice is in the highest stage whose
-- conditions all hold:
--   0 geen koppel: no koppel active on the peildag;
--   1 koppel korter dan een jaar: an active koppel, none of them started a year or more
--     before the peildag;
--   2 koppel een jaar of langer: an active koppel that started on or before 1 July of the year
--     before (a koppel from 1 July 2024 is a year old on 1 July 2025; one from 2 July is not);
--   3 plus HIS en vast overleg: stage 2, and an active koppel whose SO works in the GP's
--     information system (werkt_in_his) and has fixed consultation moments (vast_overleg);
--   4 plus zorgtrajecten: stage 3, and at least one ZORGTRAJECT_START or ZORGTRAJECT_VERVOLG
--     contact in the calendar year (up to the peildatum of the build) of a client of the
--     practice (so_consulten.praktijk_id; any age: the stage describes how the practice works).
-- The practice counts in the wijk of its praktijken row of that year, with its listed 75+.
with praktijken as (
    select * from stg_praktijken
),

koppels as (
    select * from stg_koppels
),

consults as (
    select praktijk_id, datum, prestatie from stg_so_consulten
),

build as (
    select peildatum from build_parameters
),

peildagen as (
    select
        jaar,
        praktijk_id,
        wijk_code,
        ingeschreven_75plus,
        make_date(jaar, 7, 1) as peildag
    from praktijken
),

active_koppels as (
    select
        peildagen.jaar,
        peildagen.praktijk_id,
        koppels.startdatum <= make_date(peildagen.jaar - 1, 7, 1) as jaar_of_langer,
        koppels.werkt_in_his and koppels.vast_overleg as his_en_overleg
    from peildagen
    inner join koppels
        on koppels.praktijk_id = peildagen.praktijk_id
        and koppels.startdatum <= peildagen.peildag
        and (koppels.einddatum is null or koppels.einddatum >= peildagen.peildag)
),

per_practice_koppels as (
    select
        jaar,
        praktijk_id,
        bool_or(jaar_of_langer) as koppel_jaar_of_langer,
        bool_or(his_en_overleg) as his_en_overleg
    from active_koppels
    group by all
),

zorgtraject_years as (
    select distinct
        consults.praktijk_id,
        year(consults.datum) as jaar
    from consults, build
    where consults.prestatie in ('ZORGTRAJECT_START', 'ZORGTRAJECT_VERVOLG')
        and consults.datum <= build.peildatum
),

flags as (
    select
        peildagen.jaar,
        peildagen.praktijk_id,
        peildagen.wijk_code,
        peildagen.ingeschreven_75plus,
        per_practice_koppels.praktijk_id is not null as heeft_koppel,
        coalesce(per_practice_koppels.koppel_jaar_of_langer, false) as koppel_jaar_of_langer,
        coalesce(per_practice_koppels.his_en_overleg, false) as his_en_overleg,
        zorgtraject_years.praktijk_id is not null as zorgtrajecten
    from peildagen
    left join per_practice_koppels using (jaar, praktijk_id)
    left join zorgtraject_years using (jaar, praktijk_id)
),

final as (
    select
        jaar,
        praktijk_id,
        wijk_code,
        ingeschreven_75plus,
        heeft_koppel,
        koppel_jaar_of_langer,
        his_en_overleg,
        zorgtrajecten,
        -- The ladder, written once: the first condition that fails stops the climb.
        case
            when not heeft_koppel then 0
            when not koppel_jaar_of_langer then 1
            when not his_en_overleg then 2
            when not zorgtrajecten then 3
            else 4
        end as fase
    from flags
)

select * from final
