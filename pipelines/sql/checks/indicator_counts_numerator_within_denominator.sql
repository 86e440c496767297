-- Proportions: 0 ≤ numerator ≤ denominator. Counts and denominators are never negative.
select indicator_counts.*
from indicator_counts
inner join indicator_definitions using (indicator_id)
where indicator_counts.numerator < 0
    or indicator_counts.denominator < 0
    or indicator_counts.disclosure_count < 0
    or (indicator_definitions.methode = 'proportion'
        and indicator_counts.numerator > indicator_counts.denominator)
