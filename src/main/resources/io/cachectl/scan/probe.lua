-- cachectl keyspace probe: one SCAN step and the requested probes for the keys it found, inside the
-- server: the keys never travel to the client and back, and each costs a few in-server calls. Read-only.
-- ARGV: probes (letters t m p l), samples ('' = default), cursor, count, match ('' = none), type ('' = any),
--       range ('' = the whole keyspace; else the cursor's residue mod modulus this chain scans), boundary
--       (the cursor where the next range starts; '' for the last range), modulus (0 = per-slot ranges).
-- Ranges on one dictionary (modulus 2, 4, 8): SCAN's cursor counts in reversed bits, so its low bits only
-- change at fixed points of the iteration (0 -> 2 -> 1 -> 3 -> 0 for modulus 4) whatever the table size:
-- a client can run one chain of calls per range, several in flight. A step that runs past its range's end
-- is redone one bucket at a time up to the boundary, so no key of the next range is returned (that
-- range's chain returns it).
-- Per-slot ranges (modulus 0; cluster nodes of Redis 7.4+ / Valkey 8+, one dictionary per slot): the
-- cursor's low 14 bits are the slot, which only grows; the boundary is the next range's first slot (its
-- cursor). A step that reaches or passes it (or ends the scan) keeps only the keys of slots below it.
-- Reply: {server_microseconds, next_cursor, then per key: key, and only what was asked, in this order:
-- kind (t or l), bytes (m), pttl (p)}. kind = code + 8 * (length + 1), length -1 when not asked or
-- unknown, code 0 = none (the key vanished), 1 string, 2 hash, 3 list, 4 set, 5 zset, 6 stream; a module
-- type comes back as its name. bytes -1 when MEMORY USAGE found no key.
local call = redis.call
-- The call's own time, for the client's batch sizing. Valkey 8 answers TIME inside a script with the
-- time the script started (a frozen snapshot): there, and wherever it exists (Redis 7.2+), the
-- process CPU clock measures it; Redis 7.0 has no os library, and its TIME advances.
local okc, cpu = pcall(function() return os.clock end)
local function now()
  if okc and cpu then return cpu() * 1000000 end
  local t = call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local t0 = now()
local f = ARGV[1]
local wt = string.find(f, 't', 1, true) ~= nil
local wm = string.find(f, 'm', 1, true) ~= nil
local wp = string.find(f, 'p', 1, true) ~= nil
local wl = string.find(f, 'l', 1, true) ~= nil
local samples = ARGV[2]
local match, ktype = ARGV[5], ARGV[6]
local range, boundary, modulus = ARGV[7], ARGV[8], tonumber(ARGV[9])

local function scan(cursor, count)
  local args = {'SCAN', cursor, 'COUNT', count}
  if match ~= '' then args[#args + 1] = 'MATCH'; args[#args + 1] = match end
  if ktype ~= '' then args[#args + 1] = 'TYPE'; args[#args + 1] = ktype end
  return call(unpack(args))
end
-- cursors stay below the table size; 1000 is a multiple of every modulus used (2, 4, 8)
local function inRange(cursor)
  return cursor ~= '0' and tostring(tonumber(string.sub(cursor, -3)) % modulus) == range
end

local r = scan(ARGV[3], ARGV[4])
local nextCursor, keys = r[1], r[2]
if modulus == 0 then
  if boundary ~= '' and (nextCursor == '0' or tonumber(nextCursor) % 16384 >= tonumber(boundary)) then
    local below, kept = tonumber(boundary), {}
    for _, k in ipairs(keys) do
      if call('CLUSTER', 'KEYSLOT', k) < below then kept[#kept + 1] = k end
    end
    keys = kept
    nextCursor = boundary
  end
elseif boundary ~= '' and nextCursor ~= boundary and not inRange(nextCursor) then
  keys = {}
  local cursor = ARGV[3]
  while true do
    local s = scan(cursor, 1) -- stops after the first bucket with keys
    local within = inRange(s[1])
    if within or s[1] == boundary then
      for _, k in ipairs(s[2]) do keys[#keys + 1] = k end
    end
    if not within then break end
    cursor = s[1]
  end
  nextCursor = boundary
end

local code = {none = 0, string = 1, hash = 2, list = 3, set = 4, zset = 5, stream = 6}
local len = {string = 'STRLEN', hash = 'HLEN', list = 'LLEN', set = 'SCARD', zset = 'ZCARD', stream = 'XLEN'}
local out = {0, nextCursor}
local n = 2
for i = 1, #keys do
  local k = keys[i]
  n = n + 1; out[n] = k
  local c = -1
  local t = ''
  if wt or wl then
    t = call('TYPE', k)['ok']
    c = code[t] or t
  end
  if c ~= 0 then
    local l = -1
    if wl and len[t] then l = call(len[t], k) end
    if c ~= -1 then
      if type(c) == 'number' then c = c + 8 * (l + 1) end
      n = n + 1; out[n] = c
    end
    if wm then
      local m
      if samples ~= '' then m = call('MEMORY', 'USAGE', k, 'SAMPLES', samples)
      else m = call('MEMORY', 'USAGE', k) end
      n = n + 1; out[n] = m or -1
    end
    if wp then n = n + 1; out[n] = call('PTTL', k) end
  else
    n = n + 1; out[n] = 0
    if wm then n = n + 1; out[n] = -1 end
    if wp then n = n + 1; out[n] = -2 end
  end
end
out[1] = math.floor(now() - t0)
return out
