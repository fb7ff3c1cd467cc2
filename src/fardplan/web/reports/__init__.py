"""Board reports: a principal's or the county's report on the transition for a tertial, a
half-year or a year, assembled from the strategy, the plans and the computed indicators,
written section by section, approved by the county's coordinator and then frozen."""
