-- indicator_values: the requests to the SO team behind dagen_tot_so_contact (its noemer) are at
-- most the SO contacts (so_consulten's teller) of the same area and period: each request counts
-- where and when its first contact is, and that contact is one of them. Where neither row is
-- suppressed.
-- requires: indicator_values where indicator_id = 'dagen_tot_so_contact'
-- requires: indicator_values where indicator_id = 'so_consulten'
with requests as (
    select area_code, period, noemer, suppressed
    from indicator_values
    where indicator_id = 'dagen_tot_so_contact'
),

contacts as (
    select area_code, period, teller, suppressed
    from indicator_values
    where indicator_id = 'so_consulten'
)

select
    requests.area_code,
    requests.period,
    requests.noemer as aanvragen,
    contacts.teller as contacten
from requests
inner join contacts using (area_code, period)
where not requests.suppressed
    and not contacts.suppressed
    and requests.noemer > contacts.teller
