import { createHash } from 'node:crypto';

/**
 * Newer-wins write of many buckets of entities in one server-side step. A bucket is one string (see `records.ts`):
 * `\x1c<JSON array of feature names>`, then a record per entity, `\x1e<key>\x1f<row>` and `\x1f<expiry, unix
 * seconds>` with a key ttl, `<row>` being `<event ts>;<created ts or empty>;[<tagged value>,…]` in header order.
 * KEYS: the buckets. ARGV: ttl seconds (0: none), '1' when the write holds only some features of the view (then
 * an entity's stored values are kept for the features the write lacks, else they are dropped), the writer's clock
 * in unix seconds, then per bucket its new header and records (each entity at most once). An entity is written
 * only when its (event ts, created ts) is strictly newer than the stored one (no created ts sorts first); a stored
 * record past its expiry counts as absent and is dropped. When the write's header differs from the stored one,
 * the bucket's header becomes the stored names followed by the write's new ones (stored rows keep their
 * positions) and written rows are laid out in it. Returns the number of entities written.
 */
export const WRITE_SCRIPT = `
local ttl = tonumber(ARGV[1])
local partial = ARGV[2] == '1'
local now = tonumber(ARGV[3])
local expiry = ''
if ttl > 0 then expiry = '\\31' .. string.format('%d', now + ttl) end
local written = 0

local function newer(value, old)
  local ts, ct = string.match(value, '^([^;]*);([^;]*);')
  local sts, sct = string.match(old, '^([^;]*);([^;]*);')
  local nts, ots = tonumber(ts), tonumber(sts)
  if nts ~= ots then return nts > ots end
  if ct == '' then return false end
  return sct == '' or tonumber(ct) > tonumber(sct)
end

local function header(blob)
  local stop = string.find(blob, '\\30', 1, true)
  if stop then return string.sub(blob, 2, stop - 1) end
  return string.sub(blob, 2)
end

local function values(row)
  return cjson.decode(string.match(row, '^[^;]*;[^;]*;(.*)$'))
end

for i = 1, #KEYS do
  local incoming = ARGV[i + 3]
  local old = redis.call('GET', KEYS[i])
  if not old then
    local count = 0
    for _ in string.gmatch(incoming, '\\30') do count = count + 1 end
    if ttl > 0 then
      incoming = string.gsub(incoming, '(\\30[^\\30]*)', '%1' .. expiry)
      redis.call('SET', KEYS[i], incoming, 'EX', ttl)
    else
      redis.call('SET', KEYS[i], incoming)
    end
    written = written + count
  else
    local stored, given = header(old), header(incoming)
    local same = stored == given
    local storedNames, givenNames, union, position
    if not same then
      storedNames, givenNames = cjson.decode(stored), cjson.decode(given)
      union, position = {}, {}
      for j = 1, #storedNames do
        union[j] = storedNames[j]
        position[storedNames[j]] = j
      end
      for j = 1, #givenNames do
        local name = givenNames[j]
        if not position[name] then
          union[#union + 1] = name
          position[name] = #union
        end
      end
    end
    local order, rows, tails, n, dropped = {}, {}, {}, 0, false
    for key, row, tail in string.gmatch(old, '\\30([^\\30\\31]*)\\31([^\\30\\31]*)([^\\30]*)') do
      local at = string.match(tail, '^\\31(%d+)$')
      if at and tonumber(at) <= now then
        dropped = true
      else
        n = n + 1
        order[n] = key
        rows[key] = row
        tails[key] = tail
      end
    end
    local accepted = 0
    for key, row in string.gmatch(incoming, '\\30([^\\30\\31]*)\\31([^\\30\\31]*)') do
      local current = rows[key]
      if current == nil or newer(row, current) then
        if not same then
          -- lay the row out in the union header, keeping stored values of features the write lacks when partial
          local laid = {}
          for j = 1, #union do laid[j] = 'z' end
          if partial and current ~= nil then
            local kept = values(current)
            for j = 1, #storedNames do
              if kept[j] ~= nil then laid[j] = kept[j] end
            end
          end
          local rowValues = values(row)
          for j = 1, #givenNames do laid[position[givenNames[j]]] = rowValues[j] end
          local parts = {}
          for j = 1, #union do parts[j] = cjson.encode(laid[j]) end
          row = string.match(row, '^([^;]*;[^;]*;)') .. '[' .. table.concat(parts, ',') .. ']'
        end
        if current == nil then
          n = n + 1
          order[n] = key
        end
        rows[key] = row
        tails[key] = expiry
        accepted = accepted + 1
      end
    end
    if accepted > 0 or dropped then
      if n == 0 then
        redis.call('DEL', KEYS[i])
      else
        local parts = {}
        if same then parts[1] = '\\28' .. stored
        elseif #union == 0 then parts[1] = '\\28[]'
        else parts[1] = '\\28' .. cjson.encode(union) end
        for j = 1, n do
          local key = order[j]
          parts[j + 1] = '\\30' .. key .. '\\31' .. rows[key] .. tails[key]
        end
        local blob = table.concat(parts)
        if accepted == 0 then redis.call('SET', KEYS[i], blob, 'KEEPTTL')
        elseif ttl > 0 then redis.call('SET', KEYS[i], blob, 'EX', ttl)
        else redis.call('SET', KEYS[i], blob) end
      end
    end
    written = written + accepted
  end
end
return written
`;

/** SHA1 of the write script, as EVALSHA names it. */
export const WRITE_SCRIPT_SHA = createHash('sha1').update(WRITE_SCRIPT).digest('hex');
