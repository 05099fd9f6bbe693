"""What the concurrency tests share: how long a thread waits for the others at the start line.

A thread that fails before the start line (its connection refused, say) would leave the others waiting for
ever; with a timeout they fail with ``BrokenBarrierError`` and the test reports every thread's error.
"""

BARRIER_TIMEOUT_S = 60
