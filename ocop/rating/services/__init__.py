"""Writes of the rating app, one module per workflow part (each service: keyword-only, atomic,
scope re-checked inside the transaction, an AuditEvent written):

* dossiers  — filing (forms 01/02), evidence, the dossier transition service;
* review    — the commune's report (form 03) and the province office's check;
* rounds    — rating rounds and the default calendar of a year;
* council   — councils, members, conflict declarations, advisory reports, score sheets;
* compute   — computing a council's draft result from its sheets (below council and results);
* results   — finalizing a council's result, the chair's approval;
* historical — past ratings (QĐ 1048, QĐ 148) recorded as totals.
"""
