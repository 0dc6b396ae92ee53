"""Helpers of the analyse stage (:mod:`westdev_kg.stages.analyse`).

clauses (cut sentences into directive clauses) -> directives (actions, roles) ;
goals (goal statements) + targets (quantified targets).
"""
