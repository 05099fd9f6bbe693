from sciencecity.proposals.tests.conftest import beamlines, call, draft, facility, field, pi  # noqa: F401
