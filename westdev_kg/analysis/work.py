"""A count of what the analyse stage looks at (issue 15, point 3: no stage super-linear).

``examined`` grows by one for each segment :func:`.clauses.clauses_of` looks at (and each
character it reads to know whether an "ensure that" still waits for its predicate), each
mention :class:`westdev_kg.stages.analyse.Named` looks at and each earlier modal clause
:func:`.directives.roles_of` looks at.  tests/test_faults_linear.py reads it to check that
8× the text costs about 8× the work, never by wall time.  It only counts: no result depends
on it.
"""

examined = 0
