-- wrk script for bench/server/load.sh: POSTs the demo package's sample applications
-- (round robin) to the URL given, over wrk's keep-alive connections.
-- Arguments (after --): API key, samples file (JSON lines).
-- The requests are formatted once in init(): wrk shares the server's two cores, and
-- formatting each request anew cost it about 1.5 us of CPU per request (9% of its own).
local requests = {}
local index = 0

function init(args)
  local key, samples = args[1], args[2]
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. key
  wrk.headers["Content-Type"] = "application/json"
  for line in io.lines(samples) do
    if #line > 0 then requests[#requests + 1] = wrk.format(nil, nil, nil, line) end
  end
  index = math.random(#requests)
end

function request()
  index = index % #requests + 1
  return requests[index]
end
