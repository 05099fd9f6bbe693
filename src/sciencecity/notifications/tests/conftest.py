from sciencecity.proposals.tests.conftest import (  # noqa: F401  the proposal fixtures
    beamlines,
    call,
    draft,
    facility,
    field,
    pi,
)
