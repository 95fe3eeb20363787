-- bench/wrk-neighbors.lua: a wrk script for bench/run.sh's HTTP rows.
--
--   wrk -t1 -c32 -d5s --latency -s bench/wrk-neighbors.lua URL -- TARGET IDS
--
-- Each connection sends its next request when the last answered, cycling
-- through the id<TAB>name lines of IDS (written by `seckgbench graph -ids`).
-- TARGET is one of
--   neighbors  seckg GET /api/v1/entities/ID/neighbors (defaults: depth 1,
--              both directions, limit 100)
--   search     seckg GET /api/v1/entities?q=NAME
--   gizmo      cayley http POST /api/v2/query?lang=gizmo with the one-hop
--              g.V("<seckg:e/ID>").Both().All()
-- At the end it prints, after wrk's own report, one line of the figures of
-- `seckgbench load` (done() runs in wrk's main Lua state, which has not seen
-- the arguments, so the caller names the target and connections):
--   requests=R errors=E rps=X p50_ms=A p99_ms=B
-- where rps counts answers below 400 only and errors counts the others
-- plus socket errors and timeouts.

local target, reqs, n = "neighbors", {}, 0

-- escape percent-encodes every byte outside RFC 3986's unreserved set.
local function escape(s)
	return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

function init(args)
	target = args[1] or "neighbors"
	local file = args[2] or error("wrk-neighbors.lua: give TARGET and the ids file after --")
	for line in io.lines(file) do
		local id, name = line:match("^([^\t]+)\t?(.*)$")
		if id then
			local r
			if target == "neighbors" then
				r = wrk.format("GET", "/api/v1/entities/" .. escape(id) .. "/neighbors")
			elseif target == "search" then
				r = wrk.format("GET", "/api/v1/entities?q=" .. escape(name ~= "" and name or id))
			elseif target == "gizmo" then
				r = wrk.format("POST", "/api/v2/query?lang=gizmo",
					{ ["Content-Type"] = "application/javascript" },
					'g.V("<seckg:e/' .. id .. '>").Both().All()')
			else
				error("wrk-neighbors.lua: unknown target " .. target)
			end
			reqs[#reqs + 1] = r
		end
	end
	if #reqs == 0 then error("wrk-neighbors.lua: no ids in " .. file) end
	-- threads start at different places in the list
	n = math.random(#reqs) - 1
end

function request()
	n = n % #reqs + 1
	return reqs[n]
end

function done(summary, latency, requests)
	local e = summary.errors
	local bad = e.status + e.connect + e.read + e.write + e.timeout
	local secs = summary.duration / 1e6
	io.write(string.format("requests=%d errors=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
		summary.requests, bad, (summary.requests - e.status) / secs,
		latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
