"""Report stage: the numbers behind each document (data), put into words, tables and charts in one language
(briefing, province, sentences, words, plots), rendered by Papermill, nbconvert and WeasyPrint (render) on a process
pool or Dask (runner)."""
