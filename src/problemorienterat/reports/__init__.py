"""Documents made from the records for people outside the system, printed or downloaded:
the year's report (web page, PDF, Excel), the handlingsplan, and the PDF and Excel
renderers other documents use."""
