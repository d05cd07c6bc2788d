"""The HTTP contract between tills, operators and the central service.

`http` is the one problem+json aware HTTP client (the till's CentralClient and the admin
CLI are thin layers over it); `errors` says in plain words what can go wrong on a call.
It imports nothing of the project but posapp.domain, so both sides may use it.
"""
