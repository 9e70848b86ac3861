"""Rules from the standards: plain Python that imports no Django.

Each rule is one function named after the requirement it enforces (`dorset_2_3_dbs_recheck_due`),
with the source sentence as its docstring, registered with `@rule("dorset 2.3")` so the
standards library can say which requirements are checked automatically from data.
"""
