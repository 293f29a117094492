"""Files made from umt's own tables: CSV (the standard library) and XLSX (xlsxwriter)."""
