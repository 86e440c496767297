-- The true value of every count the attacker models, from the row-level warehouse's marts,
-- summed from wijk up to gemeente, RESV and regio. One row per name × area_code × time, named
-- as in tests/attack/model.py.
with levels as (
    select wijk_code, wijk_code as area_code from wijken
    union all select wijk_code, gemeente_code from wijken
    union all select wijk_code, resv_code from wijken
    union all select wijk_code, 'REGIO' from wijken
),

counts as (
    select 'teller:' || indicator_id as name, wijk_code, period as time, teller as value
    from indicator_counts
    union all
    select 'noemer:' || indicator_id, wijk_code, period, noemer from indicator_counts
    union all
    select 'rest:' || indicator_id, wijk_code, period, noemer - teller
    from indicator_counts
    union all
    select 'stratum:' || indicator_id || ':' || leeftijdsklasse || ':' || geslacht, wijk_code,
        period, teller
    from indicator_strata
    union all
    select 'pop75', wijk_code, cast(jaar as varchar), inwoners_75plus from inwoners_75plus
    union all
    select 'opname:' || opname_type, wijk_code, period, aantal from opnames_per_type
    union all
    select 'kenmerk:' || kenmerk || ':' || waarde, wijk_code, cast(jaar as varchar), contacten
    from consulten_per_kenmerk
    union all
    select 'bevolking:' || leeftijdsklasse, wijk_code, cast(jaar as varchar), inwoners
    from bevolking_per_wijk
    union all
    select 'koppels', wijk_code, cast(jaar as varchar), actieve_koppels from koppels_per_wijk_jaar
    union all
    select 'koppels:werkt_in_his', wijk_code, cast(jaar as varchar), werkt_in_his
    from koppels_per_wijk_jaar
    union all
    select 'koppels:vast_overleg', wijk_code, cast(jaar as varchar), vast_overleg
    from koppels_per_wijk_jaar
    union all
    select 'koppels:niet_werkt_in_his', wijk_code, cast(jaar as varchar),
        actieve_koppels - werkt_in_his
    from koppels_per_wijk_jaar
    union all
    select 'koppels:niet_vast_overleg', wijk_code, cast(jaar as varchar),
        actieve_koppels - vast_overleg
    from koppels_per_wijk_jaar
    union all
    select 'leercurve:n_koppels', wijk_code, 'k' || kwartaal_sinds_start, 1 from koppel_kwartalen
    where wijk_code is not null
    union all
    select 'leercurve:contacten', wijk_code, 'k' || kwartaal_sinds_start, contacten
    from koppel_kwartalen where wijk_code is not null
    union all
    select 'leercurve:clienten', wijk_code, 'k' || kwartaal_sinds_start, clienten
    from koppel_kwartalen where wijk_code is not null
    union all
    select 'koppelvgl:' || groep || ':teller:' || indicator_id, wijk_code, cast(jaar as varchar),
        teller
    from koppel_vergelijking_counts
    union all
    select 'koppelvgl:' || groep || ':noemer:' || indicator_id, wijk_code, cast(jaar as varchar),
        noemer
    from koppel_vergelijking_counts
    union all
    select 'koppelvgl:' || groep || ':rest:' || indicator_id, wijk_code, cast(jaar as varchar),
        noemer - teller
    from koppel_vergelijking_counts
    -- The rate's teller (admissions) and noemer (listed 75-plussers) have no rest.
    where indicator_id <> 'wlz_opnames'
    union all
    select 'fase:praktijken:' || fase, wijk_code, cast(jaar as varchar), praktijken
    from samenwerkingsfase_per_wijk
    union all
    select 'fase:ingeschreven:' || fase, wijk_code, cast(jaar as varchar), ingeschreven_75plus
    from samenwerkingsfase_per_wijk
    union all
    select 'fase:ingeschreven:totaal', wijk_code, cast(jaar as varchar), ingeschreven_75plus
    from samenwerkingsfase_per_wijk
    union all
    select 'koppeljaar:' || koppeljaar || ':' || hulpvraag, wijk_code, '-', contacten
    from koppel_hulpvraag_per_koppeljaar where wijk_code is not null
    union all
    select 'koppeljaar:' || koppeljaar || ':totaal', wijk_code, '-', contacten
    from koppel_hulpvraag_per_koppeljaar where wijk_code is not null
),

final as (
    select name, area_code, time, sum(cast(value as double)) as value
    from counts
    inner join levels using (wijk_code)
    group by name, area_code, time
)

select * from final
