/** Poll `url` until it answers 200, `stopped()` turns true, or `timeoutMs` passes. */
export async function waitForHttpOk(
  url: string,
  opts: { timeoutMs: number; intervalMs?: number; stopped?: () => boolean },
): Promise<{ ok: boolean; lastBody: string }> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastBody = "";
  while (Date.now() < deadline && !opts.stopped?.()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      lastBody = await res.text();
      if (res.status === 200) return { ok: true, lastBody };
    } catch (err) {
      lastBody = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
  return { ok: false, lastBody };
}
