-- Each request a different page: `wrk -s spread.lua URL -- PATHS_FILE` picks one of the file's paths at
-- random for every request (what many readers reading many pages cost, where the caches rarely help).
local paths = {}

init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  math.randomseed(os.time() + #tostring({}))
end

request = function()
  return wrk.format(nil, paths[math.random(#paths)])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d errors=%d p50=%d p95=%d p99=%d\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
