-- One row: when and from what the published database was built, and its thresholds.
select * from build_info
