insert into geometry_wijk values (?, ?)
