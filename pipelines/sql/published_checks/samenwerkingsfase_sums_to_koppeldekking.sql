-- samenwerkingsfase: the listed 75-plussers of all stages equal koppeldekking's noemer, and
-- those of stages 1–4 (a koppel active on 1 July) its teller, per area and jaar (the same
-- peildag rule), where no stage row of the area and year and not the indicator row is
-- suppressed (areas and years present in both); every area and year lists the five stages.
-- requires: samenwerkingsfase
-- requires: indicator_values where indicator_id = 'koppeldekking' and period_type = 'jaar'
with stages as (
    select
        area_code,
        cast(jaar as varchar) as period,
        sum(ingeschreven_75plus) as ingeschreven,
        sum(ingeschreven_75plus) filter (where fase >= 1) as met_koppel,
        bool_or(suppressed) as any_suppressed,
        count(*) as fasen
    from samenwerkingsfase
    group by all
),

indicator as (
    select area_code, period, teller, noemer, suppressed
    from indicator_values
    where indicator_id = 'koppeldekking' and period_type = 'jaar'
)

select
    stages.area_code,
    stages.period,
    stages.fasen,
    stages.ingeschreven,
    indicator.noemer,
    stages.met_koppel,
    indicator.teller
from stages
left join indicator using (area_code, period)
where stages.fasen <> 5
    or (indicator.area_code is not null
        and not stages.any_suppressed
        and not indicator.suppressed
        and (stages.ingeschreven is distinct from indicator.noemer
            or coalesce(stages.met_koppel, 0) is distinct from indicator.teller))
