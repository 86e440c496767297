insert into load_report values (
    $file, $table_name, $format, $rows_read, $rows_loaded, $rows_quarantined, $extra_columns
)
