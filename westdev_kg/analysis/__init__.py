"""Helpers of the analyse stage (:mod:`westdev_kg.stages.analyse`).

words (the words before a verb) -> heads (a clause's verb, subject, object) ->
clauses (cut sentences into directive clauses) -> directives (actions, roles) ;
goals (goal statements) + targets (quantified targets).
"""
