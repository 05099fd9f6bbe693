"""`sciencecity demo` runs one task worker beside the server and stops it with the server."""

from sciencecity.demo.management.commands.demo import start_worker, stop_worker


def test_the_demo_starts_a_worker_child_and_stops_it(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    worker = start_worker()
    assert worker is not None
    try:
        assert worker.args[1:] == ["-m", "sciencecity.manage", "worker"]  # type: ignore[index]
    finally:
        stop_worker(worker)
    assert worker.returncode is not None  # ended, not left behind


def test_no_worker_is_started_when_tasks_run_in_process(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    assert start_worker() is None
