-- Every indicator of the catalogue has rows in indicator_counts (its SQL exists).
select indicator_definitions.indicator_id
from indicator_definitions
anti join indicator_counts using (indicator_id)
