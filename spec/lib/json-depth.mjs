// How deep a JSON text nests, counted on its bytes without parsing it: a body nested 100,000
// levels deep must be refused before any recursive code (a parser, a validator, JSON.stringify)
// walks it. Shared by the contract suite's Prism guard and the emulator.

/** True when the JSON text in `bytes` opens more than `limit` objects/arrays inside one another. */
export function nestsDeeperThan(bytes, limit) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
