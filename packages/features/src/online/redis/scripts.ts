import { createHash } from 'node:crypto';

/**
 * Newer-wins write of many entities in one server-side step. Each entity is one string value,
 * `<event ts>;<created ts or empty>;<JSON object of feature → tagged value>`.
 * KEYS: the entities' keys. ARGV: ttl seconds (0: none), '1' when the batch writes only some features (then
 * the stored object is merged, else replaced), then per entity its value. An entity is written only when its
 * (event ts, created ts) is strictly newer than the stored one (no created ts sorts first); the timestamps are
 * parsed only for entities that have a stored value. Returns the number of entities written.
 */
export const WRITE_SCRIPT = `
local ttl = tonumber(ARGV[1])
local partial = ARGV[2] == '1'
local written = 0
local stored = redis.call('MGET', unpack(KEYS))
local out = {}
local m = 0
for i = 1, #KEYS do
  local value = ARGV[i + 2]
  local old = stored[i]
  local newer = true
  if old then
    local ts, ct, body = string.match(value, '^([^;]*);([^;]*);(.*)$')
    local sts, sct, sbody = string.match(old, '^([^;]*);([^;]*);(.*)$')
    local nts, ots = tonumber(ts), tonumber(sts)
    if nts < ots then newer = false
    elseif nts == ots then
      if ct == '' then newer = false
      elseif sct ~= '' and tonumber(ct) <= tonumber(sct) then newer = false end
    end
    if newer and partial then
      local row = cjson.decode(sbody)
      for name, field in pairs(cjson.decode(body)) do row[name] = field end
      value = ts .. ';' .. ct .. ';' .. cjson.encode(row)
    end
  end
  if newer then
    -- a key repeated in one chunk cannot happen: the client sends each entity once per write
    if ttl > 0 then redis.call('SET', KEYS[i], value, 'EX', ttl)
    else
      m = m + 1
      out[m] = KEYS[i]
      m = m + 1
      out[m] = value
    end
    written = written + 1
  end
end
if m > 0 then redis.call('MSET', unpack(out)) end
return written
`;

/** SHA1 of the write script, as EVALSHA names it. */
export const WRITE_SCRIPT_SHA = createHash('sha1').update(WRITE_SCRIPT).digest('hex');
