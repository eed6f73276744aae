// Stands in for a remote inventory service that is flaky: the first two reservations of each order fail,
// the third succeeds. It is reached over HTTP (POST /fn/inventory) so the order flow's retry is real.
// State lives in the warm instance (maxConcurrency 1 keeps one), which is enough for a demo.
const attempts = new Map<string, number>();

export default async function (input: { orderId: string; items: { sku: string; qty: number }[] }) {
  const n = (attempts.get(input.orderId) ?? 0) + 1;
  attempts.set(input.orderId, n);
  if (n <= 2) throw new Error(`inventory service unavailable (attempt ${n} for ${input.orderId})`);
  return { reserved: input.items.map((i) => ({ sku: i.sku, qty: i.qty })), attempts: n };
}
