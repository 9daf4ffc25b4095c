import { createHash } from 'node:crypto';

/**
 * Newer-wins write of many entities in one server-side step.
 * KEYS: one hash per entity. ARGV: ttl seconds (0: none), F (fields per entity), the F field names, then per
 * entity its event ts, created ts ('' for none) and F values. An entity's row is replaced only when its
 * (event ts, created ts) is strictly newer than the stored `_ts`/`_ct` (no created ts sorts first).
 * Returns the number of entities written.
 */
export const WRITE_SCRIPT = `
local ttl = tonumber(ARGV[1])
local nf = tonumber(ARGV[2])
local written = 0
local at = 3 + nf
for i = 1, #KEYS do
  local key = KEYS[i]
  local ts = ARGV[at]
  local ct = ARGV[at + 1]
  local stored = redis.call('HMGET', key, '_ts', '_ct')
  local newer = true
  if stored[1] then
    local nts, sts = tonumber(ts), tonumber(stored[1])
    if nts < sts then newer = false
    elseif nts == sts then
      if ct == '' then newer = false
      elseif stored[2] and stored[2] ~= '' and tonumber(ct) <= tonumber(stored[2]) then newer = false end
    end
  end
  if newer then
    local args = {'_ts', ts, '_ct', ct}
    for f = 1, nf do
      args[#args + 1] = ARGV[2 + f]
      args[#args + 1] = ARGV[at + 1 + f]
    end
    redis.call('HSET', key, unpack(args))
    if ttl > 0 then redis.call('EXPIRE', key, ttl) end
    written = written + 1
  end
  at = at + 2 + nf
end
return written
`;

/** SHA1 of the write script, as EVALSHA names it. */
export const WRITE_SCRIPT_SHA = createHash('sha1').update(WRITE_SCRIPT).digest('hex');
