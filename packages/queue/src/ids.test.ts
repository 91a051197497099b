import { test } from "node:test";
import assert from "node:assert/strict";
import { batchChunkJobId, isWellFormedId, newId } from "./ids.js";

test("ids are 22 base64url characters, all distinct over many draws", () => {
  const ids = Array.from({ length: 5000 }, () => newId());
  for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(new Set(ids).size, ids.length);
});

test("ids are not sequential: consecutive ids share no common prefix pattern", () => {
  const ids = Array.from({ length: 1000 }, () => newId());
  const sameFirstChar = ids.slice(1).filter((id, i) => id[0] === ids[i]![0]).length;
  // 64 possible first characters: about 1000/64 ≈ 16 matches by chance; a counter would give ~1000.
  assert.ok(sameFirstChar < 60, `${sameFirstChar} consecutive ids share their first character`);
});

test("only well-formed ids reach Redis; batch chunk job ids are not readable as records", () => {
  assert.equal(isWellFormedId(newId()), true);
  assert.equal(isWellFormedId("../../etc/passwd"), false);
  assert.equal(isWellFormedId("12"), false);
  assert.equal(isWellFormedId(batchChunkJobId(newId(), 3)), false);
});
