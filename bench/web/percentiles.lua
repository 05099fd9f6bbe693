-- wrk reports p50/p75/p90/p99; the benchmark wants p95 too: print them in one line, in microseconds.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d errors=%d p50=%d p95=%d p99=%d\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
