-- One row per wijk inside the scope ($scope null = the whole regio) with its GeoJSON geometry.
select area_code, area_name, geometry
from areas
where area_level = 'wijk'
  and geometry is not null
  and ($scope::varchar is null or $scope in (area_code, gemeente_code, resv_code))
order by area_code
