-- One row per zorgtraject kwetsbare patiënten: a ZORGTRAJECT_START opens a trajectory of three
-- months; every ZORGTRAJECT_VERVOLG after it extends that trajectory by one month. VERVOLG lines
-- before the client's first START (a trajectory that began before the delivered data) form a
-- trajectory of their own from the first VERVOLG, one month per line. The trajectory counts in
-- the wijk, age band and sex of its first line.
with consults as (
    select * from stg_so_consulten
),

trajectory_lines as (
    select
        client_id,
        consult_id,
        datum,
        wijk_code,
        leeftijdsklasse,
        geslacht,
        is_75plus,
        prestatie,
        sum(case when prestatie = 'ZORGTRAJECT_START' then 1 else 0 end) over (
            partition by client_id
            order by datum, consult_id
            rows between unbounded preceding and current row
        ) as traject_nummer
    from consults
    where prestatie in ('ZORGTRAJECT_START', 'ZORGTRAJECT_VERVOLG')
),

trajectories as (
    select
        client_id,
        traject_nummer,
        min(datum) as startdatum,
        arg_min(wijk_code, datum) as wijk_code,
        arg_min(leeftijdsklasse, datum) as leeftijdsklasse,
        arg_min(geslacht, datum) as geslacht,
        arg_min(is_75plus, datum) as is_75plus,
        count(*) filter (where prestatie = 'ZORGTRAJECT_START') as starts,
        count(*) filter (where prestatie = 'ZORGTRAJECT_VERVOLG') as vervolgen
    from trajectory_lines
    group by client_id, traject_nummer
),

final as (
    select
        client_id,
        traject_nummer,
        wijk_code,
        leeftijdsklasse,
        geslacht,
        is_75plus,
        startdatum,
        cast(
            startdatum + to_months(cast(3 * starts + vervolgen as integer)) as date
        ) - 1 as einddatum
    from trajectories
)

select * from final
