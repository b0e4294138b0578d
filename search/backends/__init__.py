"""The two search backends behind search/service.py: Elasticsearch, and the
database for the embedded default and for outages. Both answer `Query` with
`Results` (search/results.py)."""
