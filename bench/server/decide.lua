-- wrk script for bench/server/load.sh: POSTs the demo package's sample applications
-- (round robin) to the URL given, over wrk's keep-alive connections.
-- Arguments (after --): API key, samples file (JSON lines).
local bodies = {}
local index = 0

function init(args)
  local key, samples = args[1], args[2]
  for line in io.lines(samples) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. key
  wrk.headers["Content-Type"] = "application/json"
  index = math.random(#bodies)
end

function request()
  index = index % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[index])
end
