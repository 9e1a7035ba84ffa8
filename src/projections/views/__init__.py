"""The views, read from the projection tables of one municipality: one module per view.

A view is a function of a read transaction and the :class:`~projections.views.tables.Tables`
to read, so the whole answer comes from one consistent state of the projections. It sends its
statements (:meth:`Transaction.send`) and returns a function that builds the answer from their
rows once the transaction has ended: on PostgreSQL the statements then travel together with the
transaction's BEGIN and COMMIT, in one round trip (see :mod:`projections._database`).
"""
