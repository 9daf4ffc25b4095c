import { createHash } from 'node:crypto';

/**
 * Newer-wins write of many entities in one server-side step. Each entity is one string value,
 * `<event ts>;<created ts or empty>;<JSON object of feature → tagged value>`.
 * KEYS: the entities' keys. ARGV: ttl seconds (0: none), '1' when the batch writes only some features (then
 * the stored object is merged, else replaced), then per entity its event ts, created ts ('' for none) and JSON.
 * An entity is written only when its (event ts, created ts) is strictly newer than the stored one (no created ts
 * sorts first). Returns the number of entities written.
 */
export const WRITE_SCRIPT = `
local ttl = tonumber(ARGV[1])
local partial = ARGV[2] == '1'
local written = 0
local stored = redis.call('MGET', unpack(KEYS))
local out = {}
local at = 3
for i = 1, #KEYS do
  local ts, ct, body = ARGV[at], ARGV[at + 1], ARGV[at + 2]
  at = at + 3
  local newer = true
  local old = nil
  if stored[i] then
    local sts, sct, sbody = string.match(stored[i], '^([^;]*);([^;]*);(.*)$')
    local nts, ots = tonumber(ts), tonumber(sts)
    if nts < ots then newer = false
    elseif nts == ots then
      if ct == '' then newer = false
      elseif sct ~= '' and tonumber(ct) <= tonumber(sct) then newer = false end
    end
    old = sbody
  end
  if newer then
    if partial and old then
      local row = cjson.decode(old)
      for name, value in pairs(cjson.decode(body)) do row[name] = value end
      body = cjson.encode(row)
    end
    local value = ts .. ';' .. ct .. ';' .. body
    -- a key repeated in one chunk cannot happen: the client sends each entity once per write
    if ttl > 0 then redis.call('SET', KEYS[i], value, 'EX', ttl)
    else
      out[#out + 1] = KEYS[i]
      out[#out + 1] = value
    end
    written = written + 1
  end
end
if #out > 0 then redis.call('MSET', unpack(out)) end
return written
`;

/** SHA1 of the write script, as EVALSHA names it. */
export const WRITE_SCRIPT_SHA = createHash('sha1').update(WRITE_SCRIPT).digest('hex');
