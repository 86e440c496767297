-- Proportions: 0 ≤ teller ≤ noemer. Counts and noemers are never negative.
select indicator_counts.*
from indicator_counts
inner join indicator_definitions using (indicator_id)
where indicator_counts.teller < 0
    or indicator_counts.noemer < 0
    or indicator_counts.disclosure_count < 0
    or (indicator_definitions.methode = 'proportion'
        and indicator_counts.teller > indicator_counts.noemer)
