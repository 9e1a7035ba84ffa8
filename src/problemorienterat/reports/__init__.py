"""Documents made from the events: the year's report (web page, PDF, Excel), and the PDF and
Excel renderers other documents use."""
