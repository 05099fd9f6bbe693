-- Each request a different page: `wrk -s spread.lua URL -- PATHS_FILE` picks one of the file's paths at
-- random for every request (what many readers reading many pages cost, where the caches rarely help).
-- The report line is percentiles.lua's, beside this file.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "percentiles.lua")

local paths = {}

init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  math.randomseed(os.time() + #tostring({}))
end

request = function()
  return wrk.format(nil, paths[math.random(#paths)])
end
