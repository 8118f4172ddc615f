-- cachectl keyspace probe: one SCAN step plus the requested probes for every key it returned,
-- inside the server (fewer commands per key than any pipeline). Read-only.
-- ARGV: cursor, count, match ('' = none), type ('' = none), probes (letters t m p l), samples ('' = default)
-- Reply: {next_cursor, server_microseconds, key1, type1, bytes1, pttl1, length1, key2, ...}; -1 where not probed / unknown,
-- type '' when not probed, 'none' when the key vanished.
local scan = {'SCAN', ARGV[1], 'COUNT', ARGV[2]}
if ARGV[3] ~= '' then scan[#scan + 1] = 'MATCH'; scan[#scan + 1] = ARGV[3] end
if ARGV[4] ~= '' then scan[#scan + 1] = 'TYPE'; scan[#scan + 1] = ARGV[4] end
local call = redis.call
local t0 = call('TIME')
local r = call(unpack(scan))
local f = ARGV[5]
local wt = string.find(f, 't', 1, true) ~= nil
local wm = string.find(f, 'm', 1, true) ~= nil
local wp = string.find(f, 'p', 1, true) ~= nil
local wl = string.find(f, 'l', 1, true) ~= nil
local len = {string = 'STRLEN', hash = 'HLEN', list = 'LLEN', set = 'SCARD', zset = 'ZCARD', stream = 'XLEN'}
local out = {r[1], 0}
local n = 2
for _, k in ipairs(r[2]) do
  local t = ''
  if wt or wl then t = call('TYPE', k)['ok'] end
  local m = -1
  local p = -1
  local l = -1
  if t ~= 'none' then
    if wm then
      if ARGV[6] ~= '' then m = call('MEMORY', 'USAGE', k, 'SAMPLES', ARGV[6])
      else m = call('MEMORY', 'USAGE', k) end
      if not m then m = -1 end
    end
    if wp then p = call('PTTL', k) end
    if wl and len[t] then l = call(len[t], k) end
  end
  out[n + 1] = k; out[n + 2] = t; out[n + 3] = m; out[n + 4] = p; out[n + 5] = l
  n = n + 5
end
local t1 = call('TIME')
out[2] = (tonumber(t1[1]) - tonumber(t0[1])) * 1000000 + tonumber(t1[2]) - tonumber(t0[2])
return out
