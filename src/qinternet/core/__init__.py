"""The ground floor: errors, units, random streams, scalar checks, estimates.

Every other package may import these modules; they import nothing of qinternet but
each other (:mod:`.errors` imports nothing at all). :mod:`.validation` is the one place
where scalar parameters are checked, :mod:`.statistics` the one way means and standard
errors are reported.
"""
