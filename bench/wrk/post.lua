-- Like paths.lua, for reads sent as a POST body (POST …/query): each line of the file named by
-- WRK_PATHS is "<path><TAB><JSON body>"; a random line per request. Prints the same WRKJSON line.
local requests = {}

init = function(args)
  for line in io.lines(os.getenv("WRK_PATHS")) do
    local path, body = line:match("^([^\t]+)\t(.+)$")
    if path then requests[#requests + 1] = {path = path, body = body} end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

request = function()
  local r = requests[math.random(#requests)]
  -- wrk.format uses the table it is given instead of wrk.headers, so the Authorization header of
  -- the command line is copied in.
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", r.path, headers, r.body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f,"non_2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
    e.status, e.connect + e.read + e.write + e.timeout))
end
