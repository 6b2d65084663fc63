import pytest

from tests.faults.servers import CLUSTER_MISSING, Cluster, prepare_template


@pytest.fixture(scope="session")
def cluster():
    """A throwaway PostgreSQL cluster of the test run's own, with a migrated template database
    (`cluster.template`) to copy per test. Stopped and deleted at the end, whatever happened."""
    if CLUSTER_MISSING:
        pytest.skip(CLUSTER_MISSING)
    server = Cluster()
    try:
        server.start()
        server.template = prepare_template(server)
        yield server
    finally:
        server.stop()
